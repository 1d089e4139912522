using System.Numerics;

namespace NeuralTangents.LinearAlgebra;

/// <summary>
/// A = Vᵀ·diag(σ)·V for a symmetric A + λI, with the eigenvectors as the rows of V. Computed once and reused for
/// every function of the matrix (e^{−tA} for many t). Eigenvalues below zero by more than rounding
/// (n·ε·max|σ|) mean the matrix is not a kernel and throw <see cref="NotPositiveDefiniteException"/>;
/// smaller negative values are rounding and are clamped to zero by the callers, as Neural Tangents does.
/// </summary>
internal sealed class SymmetricEigensystem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private SymmetricEigensystem(double[] values, T[] vectors, int order)
    {
        Values = values;
        Vectors = vectors;
        Order = order;
    }

    public int Order { get; }

    /// <summary>Eigenvalues, ascending.</summary>
    public double[] Values { get; }

    /// <summary>Eigenvectors as rows, n×n row-major: row i belongs to <see cref="Values"/>[i].</summary>
    public T[] Vectors { get; }

    /// <summary>Decomposes <paramref name="matrix"/> + <paramref name="regularizer"/>·I.</summary>
    public static SymmetricEigensystem<T> Decompose(ReadOnlySpan<T> matrix, int n, double regularizer, string description)
    {
        var a = matrix[..(n * n)].ToArray();
        T lambda = T.CreateTruncating(regularizer);
        for (int i = 0; i < n; i++) a[i * n + i] += lambda;
        var values = new T[n];
        Blas.Backend.SymmetricEigen(n, a, n, values, vectors: true);
        var result = new double[n];
        for (int i = 0; i < n; i++) result[i] = double.CreateTruncating(values[i]);
        CheckSemidefinite(result, description, regularizer);
        return new SymmetricEigensystem<T>(result, a, n);
    }

    /// <summary>The largest eigenvalue of a symmetric matrix (eigenvalues only, no vectors).</summary>
    public static double LargestEigenvalue(ReadOnlySpan<T> matrix, int n)
    {
        var a = matrix[..(n * n)].ToArray();
        var values = new T[n];
        Blas.Backend.SymmetricEigen(n, a, n, values, vectors: false);
        return double.CreateTruncating(values[n - 1]);
    }

    /// <summary>The tolerance below zero that still counts as rounding for these eigenvalues.</summary>
    public static double RoundingTolerance(double[] values) =>
        values.Length * VectorKernels.Epsilon<T>() * Math.Max(Math.Abs(values[0]), Math.Abs(values[^1]));

    /// <summary>V·B (n×p): the coordinates of the columns of B in the eigenbasis.</summary>
    public T[] ToEigenbasis(ReadOnlySpan<T> b, int p)
    {
        var result = new T[Order * p];
        Blas.Gemm(false, false, Order, p, Order, T.One, Vectors, Order, b, p, T.Zero, result, p);
        return result;
    }

    /// <summary>Vᵀ·C (n×p): back from eigenbasis coordinates.</summary>
    public T[] FromEigenbasis(ReadOnlySpan<T> c, int p)
    {
        var result = new T[Order * p];
        Blas.Gemm(true, false, Order, p, Order, T.One, Vectors, Order, c, p, T.Zero, result, p);
        return result;
    }

    private static void CheckSemidefinite(double[] values, string description, double regularizer)
    {
        if (values.Length == 0) return;
        double tolerance = RoundingTolerance(values);
        if (!(values[0] >= -tolerance))
            throw new NotPositiveDefiniteException(description, values.Length, regularizer, values[0], tolerance);
    }
}
