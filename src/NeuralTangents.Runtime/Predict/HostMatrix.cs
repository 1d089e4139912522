using System.Numerics;
using NeuralTangents.LinearAlgebra;

namespace NeuralTangents.Predicting;

/// <summary>Row-major matrix helpers on plain arrays for the predictors (products through the backend).</summary>
internal static class HostMatrix
{
    /// <summary>op(A)·op(B) where op(A) is m×k and op(B) is k×n.</summary>
    public static T[] Multiply<T>(ReadOnlySpan<T> a, bool transposeA, ReadOnlySpan<T> b, bool transposeB, int m, int k, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = new T[m * n];
        if (k == 0) return c;
        Blas.Gemm(transposeA, transposeB, m, n, k, T.One, a, transposeA ? m : k, b, transposeB ? k : n, T.Zero, c, n);
        return c;
    }

    /// <summary>Copies the lower triangle onto the upper one.</summary>
    public static void MirrorLower<T>(Span<T> c, int n)
    {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) c[j * n + i] = c[i * n + j];
    }

    /// <summary>C ← (C + Cᵀ)/2, removing the rounding asymmetry of a product that is symmetric in exact arithmetic.</summary>
    public static void Symmetrize<T>(Span<T> c, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T half = T.CreateTruncating(0.5);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
            {
                T mean = (c[i * n + j] + c[j * n + i]) * half;
                c[i * n + j] = mean;
                c[j * n + i] = mean;
            }
    }

    /// <summary>Scales row i of the n×p matrix by factors[i].</summary>
    public static void ScaleRows<T>(Span<T> c, int p, ReadOnlySpan<double> factors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < factors.Length; i++)
            System.Numerics.Tensors.TensorPrimitives.Multiply(c.Slice(i * p, p), T.CreateTruncating(factors[i]), c.Slice(i * p, p));
    }
}
