using System.Numerics;
using NeuralTangents.LinearAlgebra.Gemm;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralTangents.LinearAlgebra;

/// <summary>
/// The managed GEMM: the packed, register-blocked <see cref="PackedGemm{TKernel}"/> over the AVX-512 micro-kernel, or
/// the AVX2 one on x86 machines without AVX-512; elsewhere (no 256-bit FMA) both operands laid out so that every
/// output entry is one contiguous dot product (vectorized by TensorPrimitives), in cache-sized blocks in parallel.
/// </summary>
internal static class ManagedGemm
{
    private const int Block = 64;

    /// <summary>Which implementation runs on this machine, e.g. "managed packed GEMM (Vector512 12×2 vectors)".</summary>
    public static string Description =>
        MicroKernel512.IsSupported ? $"managed packed GEMM ({MicroKernel512.Description})"
        : MicroKernel256.IsSupported ? $"managed packed GEMM ({MicroKernel256.Description})"
        : "managed dot-product GEMM (TensorPrimitives)";

    /// <summary>C ← alpha·op(A)·op(B) + beta·C, row-major; op(A) is m×k, op(B) is k×n.</summary>
    public static void Gemm<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (MicroKernel512.IsSupported)
            PackedGemm<MicroKernel512>.Gemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        else if (MicroKernel256.IsSupported)
            PackedGemm<MicroKernel256>.Gemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        else DotProducts(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// The lower triangle (j ≤ i) of C ← alpha·op(A)·op(B) + beta·C with m = n; entries above it are not written.
    /// False when this machine has no packed kernel (the caller then uses its own row products).
    /// </summary>
    public static bool TryLowerGemm<T>(bool transposeA, bool transposeB, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (MicroKernel512.IsSupported)
            PackedGemm<MicroKernel512>.Gemm(transposeA, transposeB, n, n, k, alpha, a, lda, b, ldb, beta, c, ldc, lowerOnly: true);
        else if (MicroKernel256.IsSupported)
            PackedGemm<MicroKernel256>.Gemm(transposeA, transposeB, n, n, k, alpha, a, lda, b, ldb, beta, c, ldc, lowerOnly: true);
        else return false;
        return true;
    }

    /// <summary>The portable form: one TensorPrimitives dot product per entry, 64×64 blocks in parallel.</summary>
    internal static void DotProducts<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Rows of op(A) and columns of op(B) as contiguous length-k vectors.
        T[] rowsA = Pack(a, m, k, lda, transposed: transposeA);
        T[] colsB = Pack(b, n, k, ldb, transposed: !transposeB);
        var result = new T[(long)m * n];
        int rowBlocks = (m + Block - 1) / Block;
        Parallel.For(0, rowBlocks, rowBlock =>
        {
            int i0 = rowBlock * Block, i1 = Math.Min(m, i0 + Block);
            for (int j0 = 0; j0 < n; j0 += Block)
            {
                int j1 = Math.Min(n, j0 + Block);
                for (int i = i0; i < i1; i++)
                {
                    var row = rowsA.AsSpan(i * k, k);
                    for (int j = j0; j < j1; j++) result[(long)i * n + j] = TensorPrimitives.Dot<T>(row, colsB.AsSpan(j * k, k));
                }
            }
        });
        for (int i = 0; i < m; i++)
        {
            var target = c.Slice(i * ldc, n);
            for (int j = 0; j < n; j++)
                target[j] = alpha * result[(long)i * n + j] + (beta == T.Zero ? T.Zero : beta * target[j]);
        }
    }

    // Packs `count` vectors of length k: vector v is row v of the stored matrix (transposed == false) or
    // column v (transposed == true).
    internal static T[] Pack<T>(ReadOnlySpan<T> source, int count, int k, int ld, bool transposed) where T : unmanaged
    {
        var packed = new T[(long)count * k];
        for (int v = 0; v < count; v++)
        {
            if (!transposed) source.Slice(v * ld, k).CopyTo(packed.AsSpan(v * k, k));
            else
                for (int p = 0; p < k; p++) packed[v * k + p] = source[p * ld + v];
        }
        return packed;
    }
}
