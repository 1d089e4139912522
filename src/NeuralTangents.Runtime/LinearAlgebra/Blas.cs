using System.Numerics;

namespace NeuralTangents.LinearAlgebra;

/// <summary>
/// The host's dense linear algebra, row-major: GEMM for the kernel engine and the finite networks, and SYRK,
/// Cholesky, triangular solves and symmetric eigendecomposition for <c>Predict</c>. When the system's OpenBLAS
/// loads (Debian: <c>libopenblas0-pthread</c>), its LAPACK runs the factorizations and GEMM/SYRK run on whichever
/// of OpenBLAS and the managed packed GEMM is faster on this machine (<see cref="FastestGemmBackend"/>: measured
/// once per process and precision); without OpenBLAS everything is managed. The environment variable
/// <c>NEURALTANGENTS_BLAS</c> overrides the choice: <c>managed</c> runs everything managed, <c>openblas</c> runs
/// everything on OpenBLAS without measuring, <c>auto</c> (or unset) measures, <c>cuda</c> selects the (untested)
/// cuBLAS/cuSOLVER backend when a CUDA device and cuSOLVER are present. The backend is chosen once per process.
/// </summary>
internal static class Blas
{
    /// <summary>The backend in use.</summary>
    public static ILinearAlgebraBackend Backend { get; } = Choose(Environment.GetEnvironmentVariable("NEURALTANGENTS_BLAS")?.Trim().ToLowerInvariant());

    /// <summary>The backend in use, e.g. "OpenBLAS 0.3.21 …, core Haswell (libopenblas.so.0); GEMM: …" or "managed …".</summary>
    public static string BackendName => Backend.Name;

    /// <summary>
    /// <see cref="BackendName"/> with the GEMM chosen for each precision and why (measures it if not yet done),
    /// for benchmark and sample headers.
    /// </summary>
    public static string Description => Backend is FastestGemmBackend fastest ? fastest.Describe() : Backend.Name;

    /// <summary>C ← alpha·op(A)·op(B) + beta·C, row-major; op(A) is m×k, op(B) is k×n.</summary>
    public static void Gemm<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0) return;
        Backend.Gemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// The CPU backend for a value of <c>NEURALTANGENTS_BLAS</c>: managed for "managed" or without OpenBLAS,
    /// OpenBLAS alone for "openblas", else OpenBLAS with the faster GEMM (<see cref="FastestGemmBackend"/>).
    /// </summary>
    internal static ILinearAlgebraBackend Cpu(string? requested) =>
        requested == "managed" || OpenBlasBackend.TryLoad() is not { } native ? ManagedBackend.Instance
        : requested == "openblas" ? native
        : new FastestGemmBackend(native);

    private static ILinearAlgebraBackend Choose(string? requested)
    {
        var cpu = Cpu(requested);
        return requested == "cuda" && CudaBackend.TryCreate(cpu) is { } cuda ? cuda : cpu;
    }

    /// <summary>The managed fallback, always available (for tests that compare backends).</summary>
    internal static void ManagedGemm<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        ManagedBackend.Instance.Gemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
