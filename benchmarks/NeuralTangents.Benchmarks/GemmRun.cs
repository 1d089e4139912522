using System.Diagnostics;
using System.Numerics;
using NeuralTangents.LinearAlgebra;

namespace NeuralTangents.Benchmarks;

/// <summary>
/// <c>--gemm</c>: the managed GEMM against OpenBLAS called directly, GFLOP/s, at the input Gram's shape
/// (C = A·Bᵀ, both operands items × features). Each repetition times both, alternating, so that load on a shared
/// machine affects them alike (the managed one first, after a pause in which OpenBLAS's spinning threads settle); the best of the repetitions is reported with the load average seen. OpenBLAS's core
/// follows <c>OPENBLAS_CORETYPE</c> of the process (set it on the command line to compare cores).
/// </summary>
internal static class GemmRun
{
    /// <param name="sizes">m×n×k triples.</param>
    /// <param name="repetitions">Timed runs of each implementation per size.</param>
    /// <param name="output">Where to write.</param>
    public static void Run(IReadOnlyList<(int M, int N, int K)> sizes, int repetitions, TextWriter output)
    {
        var native = OpenBlasBackend.TryLoad();
        output.WriteLine($"OpenBLAS: {native?.Name ?? "not found"}; OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "(unset)"}");
        output.WriteLine($"managed: {ManagedGemm.Description}; {Environment.ProcessorCount} cores");
        output.WriteLine($"library choice: {Blas.Description}");
        foreach (var (m, n, k) in sizes)
        {
            Compare<float>(native, m, n, k, repetitions, output);
            Compare<double>(native, m, n, k, repetitions, output);
        }
    }

    /// <summary>Parses "512x512x784,4096x4096x4096" (m×n×k each).</summary>
    public static IReadOnlyList<(int M, int N, int K)> ParseSizes(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(size => size.Split('x', '×') is [var m, var n, var k]
                ? (int.Parse(m), int.Parse(n), int.Parse(k))
                : throw new FormatException($"A size is m×n×k, e.g. 512x784x512; got '{size}'."))
            .ToArray();

    private static void Compare<T>(OpenBlasBackend? native, int m, int n, int k, int repetitions, TextWriter output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(1);
        T[] a = Enumerable.Range(0, m * k).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5)).ToArray();
        T[] b = Enumerable.Range(0, n * k).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5)).ToArray();
        var viaNative = new T[(long)m * n];
        var viaManaged = new T[(long)m * n];
        T alpha = T.One / T.CreateTruncating(k);
        double flops = 2.0 * m * n * k;
        Action runNative = () => native!.Gemm(false, true, m, n, k, alpha, a, k, b, k, T.Zero, viaNative, n);
        Action runManaged = () => ManagedGemm.Gemm(false, true, m, n, k, alpha, a, k, b, k, T.Zero, viaManaged, n);
        if (native is not null) runNative();
        runManaged();
        double bestNative = double.MaxValue, bestManaged = double.MaxValue;
        var loads = new List<string>();
        for (int rep = 0; rep < repetitions; rep++)
        {
            // OpenBLAS's threads spin for a while after each call: let them settle before the managed run.
            Thread.Sleep(200);
            loads.Add(LoadAverage());
            bestManaged = Math.Min(bestManaged, Time(runManaged));
            if (native is not null) bestNative = Math.Min(bestNative, Time(runNative));
        }
        string precision = typeof(T) == typeof(float) ? "SGEMM" : "DGEMM";
        string line = $"{precision} {m}×{n}×{k}: managed {flops / bestManaged / 1e9:F1} GFLOP/s";
        if (native is not null)
            line += $", OpenBLAS {flops / bestNative / 1e9:F1} GFLOP/s, managed/OpenBLAS {bestNative / bestManaged:F2}; " +
                    $"largest difference {LargestDifference(viaNative, viaManaged):E1} of the largest entry";
        output.WriteLine($"{line} (best of {repetitions}; 1-min load {string.Join(' ', loads)})");
    }

    private static double Time(Action action)
    {
        var stopwatch = Stopwatch.StartNew();
        action();
        return stopwatch.Elapsed.TotalSeconds;
    }

    private static double LargestDifference<T>(T[] x, T[] y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double largest = 0, difference = 0;
        for (long i = 0; i < x.LongLength; i++)
        {
            largest = Math.Max(largest, Math.Abs(double.CreateTruncating(x[i])));
            difference = Math.Max(difference, Math.Abs(double.CreateTruncating(x[i]) - double.CreateTruncating(y[i])));
        }
        return largest == 0 ? difference : difference / largest;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
