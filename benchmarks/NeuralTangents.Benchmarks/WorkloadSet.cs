using NeuralTangents.Samples.Data;

namespace NeuralTangents.Benchmarks;

/// <summary>Every workload of one run, set up once: the limits (memory bandwidth, OpenBLAS) and what is compared with them.</summary>
internal sealed class WorkloadSet
{
    private static readonly Lazy<WorkloadSet> LazyFull = new(() => new WorkloadSet(quick: false));

    private WorkloadSet(bool quick)
    {
        Engine = KernelEngine.Default;
        int count = quick ? FashionMnist.EmbeddedCount : FashionMnist.IsInstalled() ? 2000 : FashionMnist.EmbeddedCount;
        Data = FashionMnist.Load(count, 0);
        var bandwidth = new MemoryBandwidth(quick ? 8 << 20 : 32 << 20);
        int gemmSide = quick ? 512 : 1024;
        Workloads =
        [
            new Workload("memory.bandwidth", $"memory bandwidth (c = a + b, {Environment.ProcessorCount} threads)",
                $"{bandwidth.BytesPerRun / (1 << 20):F0} MiB", bandwidth.BytesPerRun, "GB/s", 0, bandwidth.Run, null),
            .. GemmWorkloads.Create<float>(gemmSide, gemmSide, 784),
            .. GemmWorkloads.Create<double>(gemmSide, gemmSide, 784),
            .. KernelWorkloads.Create<float>(Data.Train, Engine),
            .. KernelWorkloads.Create<double>(Data.Train, Engine),
        ];
    }

    /// <summary>The full-size set BenchmarkDotNet measures.</summary>
    public static WorkloadSet Full => LazyFull.Value;

    /// <summary>A small set for a smoke run in seconds.</summary>
    public static WorkloadSet Quick() => new(quick: true);

    public KernelEngine Engine { get; }

    public FashionMnistData Data { get; }

    public IReadOnlyList<Workload> Workloads { get; }

    public Workload Get(string id) => Workloads.FirstOrDefault(w => w.Id == id)
        ?? throw new ArgumentException($"No workload '{id}'; known: {string.Join(", ", Workloads.Select(w => w.Id))}.", nameof(id));
}
