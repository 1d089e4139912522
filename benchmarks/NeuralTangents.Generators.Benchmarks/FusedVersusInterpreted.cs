using BenchmarkDotNet.Attributes;

namespace NeuralTangents.Generators.Benchmarks;

/// <summary>The generated fused kernel against the interpreted runtime path for the 3-layer ReLU FCN on Fashion-MNIST.</summary>
public class FusedVersusInterpreted
{
    private KernelWorkload? _workload;

    /// <summary>Images (the kernel is n × n); <c>NT_BENCH_N</c> overrides the default 10 000.</summary>
    public static int N => int.TryParse(Environment.GetEnvironmentVariable("NT_BENCH_N"), out int n) ? n : 10_000;

    [GlobalSetup]
    public void Setup() => _workload = new KernelWorkload(N);

    [GlobalCleanup]
    public void Cleanup() => _workload?.Dispose();

    [Benchmark(Baseline = true, Description = "interpreted (one ILGPU kernel per layer)")]
    public Kernel<float> Interpreted() => _workload!.Interpreted();

    [Benchmark(Description = "generated (one fused chain)")]
    public Kernel<float> Fused() => _workload!.Fused();
}
