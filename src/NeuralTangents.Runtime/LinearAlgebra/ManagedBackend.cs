using System.Numerics;

namespace NeuralTangents.LinearAlgebra;

/// <summary>
/// The managed fallback: plain C# over <c>TensorPrimitives</c> and <see cref="Vector{T}"/>, parallel over
/// rows or tiles. Always available; used when OpenBLAS cannot be loaded or <c>NEURALTANGENTS_BLAS=managed</c>.
/// </summary>
internal sealed class ManagedBackend : ILinearAlgebraBackend
{
    /// <summary>The shared instance (the backend holds no state).</summary>
    public static ManagedBackend Instance { get; } = new();

    /// <summary>"managed (…)" with the GEMM this machine runs.</summary>
    public string Name => $"managed ({ManagedGemm.Description}; TensorPrimitives elsewhere, parallel)";

    public void Gemm<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        ManagedGemm.Gemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    public void SyrkLower<T>(bool transpose, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        ManagedSyrk.SyrkLower(transpose, n, k, alpha, a, lda, beta, c, ldc);

    public int CholeskyLower<T>(int n, Span<T> a, int lda) where T : unmanaged, IFloatingPointIeee754<T> =>
        ManagedCholesky.CholeskyLower(n, a, lda);

    public void TriangularSolveLower<T>(bool left, bool transpose, int m, int p, T alpha,
        ReadOnlySpan<T> l, int ldl, Span<T> b, int ldb) where T : unmanaged, IFloatingPointIeee754<T> =>
        ManagedTriangularSolve.SolveLower(left, transpose, m, p, alpha, l, ldl, b, ldb);

    public void SymmetricEigen<T>(int n, Span<T> a, int lda, Span<T> eigenvalues, bool vectors)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        ManagedSymmetricEigen.Decompose(n, a, lda, eigenvalues, vectors);
}
