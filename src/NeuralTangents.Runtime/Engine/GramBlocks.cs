using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using NeuralTangents.LinearAlgebra;

namespace NeuralTangents.Engine;

/// <summary>
/// The input kernel: blocks of x1·x2ᵀ/d through the BLAS backend, and the variances |x|²/d of every item,
/// computed once.
/// </summary>
internal sealed class GramBlocks<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _x1, _x2;
    private readonly int _features;
    private readonly bool _sameInputs;

    /// <param name="x1">The first inputs, row-major.</param>
    /// <param name="features1">Features per row of x1.</param>
    /// <param name="x2">The second inputs, row-major.</param>
    /// <param name="features2">Features per row of x2.</param>
    /// <param name="sameInputs">Whether x2 is x1 (the same items), so that entry (i, i) is item i's variance.</param>
    public GramBlocks(T[] x1, int features1, T[] x2, int features2, bool sameInputs)
    {
        _x1 = x1;
        _x2 = x2;
        _features = features1;
        _sameInputs = sameInputs;
        Variances1 = RowVariances(x1, features1);
        Variances2 = ReferenceEquals(x1, x2) || sameInputs ? Variances1 : RowVariances(x2, features2);
    }

    public T[] Variances1 { get; }

    public T[] Variances2 { get; }

    /// <summary>Writes rows × cols of x1·x2ᵀ/d, row-major, into <paramref name="target"/>.</summary>
    public void Cross(int r0, int rows, int c0, int cols, Span<T> target)
    {
        int d = _features;
        Blas.Gemm(false, true, rows, cols, d, T.One / T.CreateTruncating(d),
            _x1.AsSpan(r0 * d, rows * d), d, _x2.AsSpan(c0 * d, cols * d), d, T.Zero, target, cols);
        if (!_sameInputs) return;
        // The GEMM sums in another order than the variances' dot products; on the diagonal use the variances
        // themselves, so that an item's covariance with itself is exactly its variance (ρ = 1 exactly, which
        // the angle-based duals need; see DualMath.PerfectCorrelationTolerance).
        for (int i = Math.Max(r0, c0); i < Math.Min(r0 + rows, c0 + cols); i++)
            target[(i - r0) * cols + (i - c0)] = Variances1[i];
    }

    private static T[] RowVariances(T[] x, int features)
    {
        int n = x.Length / features;
        var result = new T[n];
        T scale = T.One / T.CreateTruncating(features);
        for (int i = 0; i < n; i++)
        {
            var row = x.AsSpan(i * features, features);
            result[i] = TensorPrimitives.Dot<T>(row, row) * scale;
        }
        return result;
    }
}
