using System.Diagnostics;
using NeuralTangents;
using NeuralTangents.Distributed;

namespace DistributedKernel;

/// <summary>A timed run of <c>bench</c>: wall-clock seconds and processor seconds (for the cluster, silos and client together).</summary>
internal readonly record struct Measured(double Seconds, double Cpu);

/// <summary>The job <c>bench</c> times, on one process or on a cluster; each timed run writes a store of its own, deleted after it.</summary>
internal sealed class BenchJob(ILayer network, Tensor<float> x, string root, int tile, int tiles)
{
    private static DistributedJobOptions Options(string root, string store, int tile) => new() { StoreRoot = root, Store = store, TileItems = tile };

    /// <summary>The whole job in this process (<see cref="KernelStore.Compute{T}"/>).</summary>
    public Measured RunSingle(string label)
    {
        string store = Path.Combine(root, "single");
        var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        KernelStore.Compute(network, x, null, store, tileItems: tile).Dispose();
        double seconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        double cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
        Directory.Delete(store, recursive: true);
        Console.WriteLine($"{label}: {tiles} tiles in {seconds:F2} s, {tiles / seconds:F3} tiles/s; {cpu / tiles:F3} CPU s per tile");
        return new Measured(seconds, cpu);
    }

    /// <summary>The whole job on the cluster, submitted by <paramref name="client"/>.</summary>
    public async Task<Measured> RunClusterAsync(IClusterClient client, LocalCluster cluster, string label)
    {
        TimeSpan? first = null;
        var self = Process.GetCurrentProcess();
        var (clientCpuBefore, siloCpuBefore) = (self.TotalProcessorTime, cluster.SiloProcessorTime);
        var clock = Stopwatch.StartNew();
        (await client.ComputeAsync(network, x, null, Options(root, "cluster", tile) with
        {
            Progress = new SynchronousProgress<DistributedProgress>(p => first ??= p.Elapsed),
        })).Dispose();
        double seconds = clock.Elapsed.TotalSeconds, setup = first!.Value.TotalSeconds;
        self.Refresh();
        double clientCpu = (self.TotalProcessorTime - clientCpuBefore).TotalSeconds, siloCpu = (cluster.SiloProcessorTime - siloCpuBefore).TotalSeconds;
        Directory.Delete(Path.Combine(root, "cluster"), recursive: true);
        Console.WriteLine($"{label}: {tiles} tiles in {seconds:F2} s, {tiles / seconds:F3} tiles/s; "
            + $"the first tile stored after {setup:F2} s (job start, inputs to each silo), the other {tiles - 1} at {(tiles - 1) / (seconds - setup):F3} tiles/s; "
            + $"{(clientCpu + siloCpu) / tiles:F3} CPU s per tile ({siloCpu / tiles:F3} in the silos, {clientCpu / tiles:F3} in the client)");
        return new Measured(seconds, clientCpu + siloCpu);
    }
}
