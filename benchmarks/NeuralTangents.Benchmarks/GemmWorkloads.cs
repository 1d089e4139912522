using System.Numerics;
using NeuralTangents.LinearAlgebra;

namespace NeuralTangents.Benchmarks;

/// <summary>
/// Host GEMM of the shape the kernel engine uses for an input Gram tile (m×k times k×n with Bᵀ, k = 784 pixels):
/// the library's entry point (whatever backend it chose), the managed fallback, and OpenBLAS called directly,
/// which is the achievable rate the others are compared with.
/// </summary>
internal static class GemmWorkloads
{
    public static IEnumerable<Workload> Create<T>(int m, int n, int k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = Fill<T>(m * k, 1);
        var b = Fill<T>(n * k, 2);
        var c = new T[m * n];
        T alpha = T.One / T.CreateTruncating(k);
        double flops = 2.0 * m * n * k;
        string precision = typeof(T) == typeof(float) ? "float32" : "float64";
        string size = $"{m}×{n}×{k}";
        string directId = $"gemm.openblas.{precision}";
        var native = OpenBlasBackend.TryLoad();
        var limit = native is null ? null : new LimitSpec(directId, 1, $"OpenBLAS {(typeof(T) == typeof(float) ? "sgemm" : "dgemm")}, same run");

        if (native is not null)
            yield return new Workload(directId, $"OpenBLAS {precision} direct", size, flops, "GFLOP/s", 0,
                () => native.Gemm(false, true, m, n, k, alpha, a, k, b, k, T.Zero, c, n), null);
        yield return new Workload($"gemm.library.{precision}", $"Blas.Gemm {precision} ({Blas.BackendName})", size, flops, "GFLOP/s", 0,
            () => Blas.Gemm(false, true, m, n, k, alpha, a, k, b, k, T.Zero, c, n), limit);
        yield return new Workload($"gemm.managed.{precision}", $"managed GEMM {precision}", size, flops, "GFLOP/s", 0,
            () => Blas.ManagedGemm(false, true, m, n, k, alpha, a, k, b, k, T.Zero, c, n), limit);
    }

    private static T[] Fill<T>(int length, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new double[length];
        new PrngKey(seed).FillNormal(values);
        return values.Select(T.CreateTruncating).ToArray();
    }
}
