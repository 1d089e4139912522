using System.Numerics;
using NeuralTangents.LinearAlgebra;

namespace NeuralTangents.EmpiricalKernels;

/// <summary>
/// Σ_c ⟨row1(d, f1, c), row2(d, f2, c)⟩ for every (d, f1, f2) of a block, added into the result: the contraction
/// behind the empirical NNGP (rows are output values, width 1) and the Jacobian-contraction NTK (rows are
/// Jacobian rows). Rows are regrouped so that, for each diagonal index d, the traced index and the row form one
/// contiguous inner dimension; each d is then one GEMM.
/// </summary>
internal static class RowContraction
{
    /// <param name="rows1">One row of <paramref name="width"/> values per output element of side 1, in element order.</param>
    /// <param name="rows2">The same for side 2 (may be <paramref name="rows1"/>).</param>
    /// <param name="width">The row length.</param>
    /// <param name="layout">The block's layout.</param>
    /// <param name="result">The whole kernel, row-major, accumulated into.</param>
    public static void Accumulate<T>(T[] rows1, T[] rows2, int width, BlockLayout layout, T[] result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s1 = layout.Side1;
        var s2 = layout.Side2;
        if (width == 0) return; // a network without parameters has a zero NTK
        var grouped1 = Group(rows1, width, s1);
        var grouped2 = ReferenceEquals(rows1, rows2) && s1 == s2 ? grouped1 : Group(rows2, width, s2);
        int inner = s1.CSize * width;
        var core = new T[(long)s1.FSize * s2.FSize];
        for (int d = 0; d < s1.DSize; d++)
        {
            Blas.Gemm(false, true, s1.FSize, s2.FSize, inner, T.One,
                grouped1.AsSpan((int)((long)d * s1.FSize * inner)), inner,
                grouped2.AsSpan((int)((long)d * s2.FSize * inner)), inner, T.Zero, core, s2.FSize);
            for (int f1 = 0; f1 < s1.FSize; f1++)
                for (int f2 = 0; f2 < s2.FSize; f2++)
                    result[layout.Offset(d, f1, f2)] += core[(long)f1 * s2.FSize + f2];
        }
    }

    /// <summary>The rows reordered to (d, f, c) nesting.</summary>
    private static T[] Group<T>(T[] rows, int width, BlockSide side) where T : unmanaged
    {
        var order = side.ElementsInOrder(traceBeforeFree: false);
        var grouped = new T[rows.Length];
        for (int p = 0; p < order.Length; p++) rows.AsSpan((int)((long)order[p] * width), width).CopyTo(grouped.AsSpan((int)((long)p * width), width));
        return grouped;
    }
}
