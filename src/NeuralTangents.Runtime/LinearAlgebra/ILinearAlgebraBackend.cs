using System.Numerics;

namespace NeuralTangents.LinearAlgebra;

/// <summary>
/// The dense operations that kernel regression needs, on row-major matrices. Triangular factors are always
/// lower (<c>A = L·Lᵀ</c>, L stored in the lower triangle, row-major); a symmetric input is read from its lower
/// triangle. Implementations: the system's OpenBLAS/LAPACK (<see cref="OpenBlasBackend"/>) and a managed
/// vectorized fallback (<see cref="ManagedBackend"/>).
/// </summary>
internal interface ILinearAlgebraBackend
{
    /// <summary>A readable name, e.g. "OpenBLAS (libopenblas.so.0)".</summary>
    string Name { get; }

    /// <summary>C ← alpha·op(A)·op(B) + beta·C; op(A) is m×k, op(B) is k×n.</summary>
    void Gemm<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// The lower triangle of C ← alpha·A·Aᵀ + beta·C (A is n×k) or, with <paramref name="transpose"/>,
    /// alpha·Aᵀ·A + beta·C (A is k×n). The strict upper triangle of C is left unspecified.
    /// </summary>
    void SyrkLower<T>(bool transpose, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Cholesky factorization in place: the lower triangle of the n×n matrix becomes L with A = L·Lᵀ.
    /// Returns 0 on success, or the 1-based index of the first pivot that is not positive (the matrix is then
    /// partly overwritten, and the failing diagonal entry holds that pivot's value).
    /// </summary>
    int CholeskyLower<T>(int n, Span<T> a, int lda) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Triangular solve with a lower-triangular L (n×n, non-unit diagonal), overwriting B (m×p) with X:
    /// <c>op(L)·X = alpha·B</c> when <paramref name="left"/>, else <c>X·op(L) = alpha·B</c>; op transposes L
    /// when <paramref name="transpose"/>.
    /// </summary>
    void TriangularSolveLower<T>(bool left, bool transpose, int m, int p, T alpha,
        ReadOnlySpan<T> l, int ldl, Span<T> b, int ldb) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// Symmetric eigendecomposition of the n×n matrix (lower triangle read): eigenvalues ascending into
    /// <paramref name="eigenvalues"/>; with <paramref name="vectors"/> the matrix is overwritten by the
    /// orthonormal eigenvectors stored as rows (row i belongs to eigenvalue i), otherwise its content is
    /// destroyed.
    /// </summary>
    void SymmetricEigen<T>(int n, Span<T> a, int lda, Span<T> eigenvalues, bool vectors)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
