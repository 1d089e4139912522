using BenchmarkDotNet.Attributes;

namespace NeuralTangents.Benchmarks;

/// <summary>BenchmarkDotNet's view of the workloads: one benchmark, parameterized by workload id.</summary>
public class ThroughputBenchmarks
{
    private Action _run = () => { };

    /// <summary>The ids of all workloads.</summary>
    public static IEnumerable<string> Ids => WorkloadSet.Full.Workloads.Select(w => w.Id);

    /// <summary>The workload measured.</summary>
    [ParamsSource(nameof(Ids))]
    public string Id { get; set; } = "";

    /// <summary>Looks the workload up (its data was set up with the set).</summary>
    [GlobalSetup]
    public void Setup() => _run = WorkloadSet.Full.Get(Id).Run;

    /// <summary>Runs the workload once.</summary>
    [Benchmark]
    public void Run() => _run();
}
