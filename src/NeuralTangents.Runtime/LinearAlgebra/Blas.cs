using System.Numerics;

namespace NeuralTangents.LinearAlgebra;

/// <summary>
/// The host's dense linear algebra, row-major: GEMM for the kernel engine and the finite networks, and SYRK,
/// Cholesky, triangular solves and symmetric eigendecomposition for <c>Predict</c>. Uses the system's OpenBLAS
/// (with its LAPACK) when it can be loaded (Debian: <c>libopenblas0-pthread</c>) and the managed, vectorized,
/// parallel fallback otherwise. Setting the environment variable <c>NEURALTANGENTS_BLAS=managed</c> forces the
/// fallback. The backend is chosen once per process.
/// </summary>
internal static class Blas
{
    /// <summary>The backend in use.</summary>
    public static ILinearAlgebraBackend Backend { get; } = Environment.GetEnvironmentVariable("NEURALTANGENTS_BLAS")?.Trim().ToLowerInvariant() != "managed"
        && OpenBlasBackend.TryLoad() is { } native
        ? native
        : ManagedBackend.Instance;

    /// <summary>The backend in use, e.g. "OpenBLAS (libopenblas.so.0)" or "managed …".</summary>
    public static string BackendName => Backend.Name;

    /// <summary>C ← alpha·op(A)·op(B) + beta·C, row-major; op(A) is m×k, op(B) is k×n.</summary>
    public static void Gemm<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0) return;
        Backend.Gemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>The managed fallback, always available (for tests that compare backends).</summary>
    internal static void ManagedGemm<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        ManagedBackend.Instance.Gemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
