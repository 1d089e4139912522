using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralTangents.LinearAlgebra;

/// <summary>
/// Lower-triangular row products C[i, j] = alpha·⟨A row i, A row j⟩ + beta·C[i, j] (j ≤ i): the managed SYRK (on
/// the packed GEMM's lower-triangle form where the machine has a packed micro-kernel) and the trailing update of
/// the blocked Cholesky (row products: tiles of 64×64 outputs keep the rows they read in cache; tile rows run in
/// parallel).
/// </summary>
internal static class ManagedSyrk
{
    private const int Tile = 64;

    /// <summary>
    /// The lower triangle of C ← alpha·A·Aᵀ + beta·C (A is n×k) or, with <paramref name="transpose"/>,
    /// alpha·Aᵀ·A + beta·C (A is k×n): the packed GEMM restricted to the triangle where the machine has one.
    /// </summary>
    public static unsafe void SyrkLower<T>(bool transpose, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n == 0 || ManagedGemm.TryLowerGemm(transpose, !transpose, n, k, alpha, a, lda, a, lda, beta, c, ldc)) return;
        // AᵀA is the row-product form of the transposed (packed) matrix.
        T[]? packed = transpose ? ManagedGemm.Pack(a, n, k, lda, transposed: true) : null;
        fixed (T* pa = packed is null ? a : packed)
        fixed (T* pc = c)
            LowerRowProducts(n, k, alpha, new MatrixView<T>(pa, packed is null ? lda : k), 0, beta, new MatrixView<T>(pc, ldc));
    }

    /// <summary>
    /// For i, j in [0, n) with j ≤ i: C[i, j] = alpha·⟨A[i, c0..c0+k), A[j, c0..c0+k)⟩ + beta·C[i, j]
    /// (beta = 0 ignores what C held).
    /// </summary>
    public static void LowerRowProducts<T>(int n, int k, T alpha, MatrixView<T> a, int column0, T beta, MatrixView<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int tiles = (n + Tile - 1) / Tile;
        // Work grows with the tile row (a triangle), so hand out tile rows from the largest down.
        Parallel.For(0, tiles, reversed =>
        {
            int ti = tiles - 1 - reversed;
            int i0 = ti * Tile, i1 = Math.Min(n, i0 + Tile);
            for (int j0 = 0; j0 <= i0; j0 += Tile)
            {
                for (int i = i0; i < i1; i++)
                {
                    var rowI = a.Row(i, column0, k);
                    int j1 = Math.Min(i + 1, j0 + Tile);
                    for (int j = j0; j < j1; j++)
                    {
                        T dot = k == 0 ? T.Zero : TensorPrimitives.Dot<T>(rowI, a.Row(j, column0, k));
                        ref T target = ref c[i, j];
                        target = alpha * dot + (beta == T.Zero ? T.Zero : beta * target);
                    }
                }
            }
        });
    }
}
