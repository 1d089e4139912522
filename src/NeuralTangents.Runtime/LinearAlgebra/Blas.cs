using System.Numerics;

namespace NeuralTangents.LinearAlgebra;

/// <summary>
/// Dense matrix products on the host, row-major. Uses the system's OpenBLAS when it can be loaded (Debian:
/// <c>libopenblas0-pthread</c>) and a managed, vectorized, parallel fallback otherwise. Setting the
/// environment variable <c>NEURALTANGENTS_BLAS=managed</c> forces the fallback.
/// </summary>
internal static class Blas
{
    private static readonly IGemmBackend Backend = OpenBlasGemm.TryLoad() is { } native
        && Environment.GetEnvironmentVariable("NEURALTANGENTS_BLAS")?.Trim().ToLowerInvariant() != "managed"
        ? native
        : new ManagedGemm();

    /// <summary>The backend in use, e.g. "OpenBLAS (libopenblas.so.0)" or "managed".</summary>
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
        new ManagedGemm().Gemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

/// <summary>A GEMM implementation.</summary>
internal interface IGemmBackend
{
    string Name { get; }

    void Gemm<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
