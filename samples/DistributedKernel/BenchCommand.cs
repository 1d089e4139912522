using System.Diagnostics;
using NeuralTangents;
using NeuralTangents.Distributed;
using NeuralTangents.Samples.Data;

namespace DistributedKernel;

/// <summary>
/// <c>bench</c>: the tile throughput of a cluster of silo processes on this machine against one process using every
/// core on the same job (<see cref="KernelStore.Compute{T}"/>, which runs each tile's <c>KernelFn</c> on all cores):
/// the float32 NNGP and NTK of the README's network on the first --count Fashion-MNIST training images, tiles of
/// --tile items, both written into a store. Both sides first run the same job once (engine, GEMM choice, tiered JIT), so the
/// figures compare steady computation and what the cluster adds to it: messages, serialization of tiles, the client's
/// writes, and --silos processes sharing the cores. Besides wall-clock tiles/s it reports the processor time per tile
/// of each side (all silo processes and the client together): on a machine busy with other work, wall-clock ratios
/// follow the other work, while the processor time per tile still says what the cluster costs.
/// </summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        int count = arguments.Int("count", 10000), tile = arguments.Int("tile", 1000), silos = arguments.Int("silos", 2);
        if (tile < 1 || count < tile) throw new ArgumentException($"--tile must be between 1 and --count ({count}), got {tile}");
        if (silos < 1) throw new ArgumentException($"--silos must be at least 1, got {silos}");
        var data = FashionMnist.Load(count, 0, arguments.Flag("embedded") ? FashionMnistSource.Embedded : FashionMnistSource.Auto);
        var x = Preprocessing.Images<float>(data.Train);
        int hidden = arguments.Int("hidden", ReadmeNetwork.ReadmeHiddenLayers);
        var network = ReadmeNetwork.Create(hidden);
        int blocks = (count + tile - 1) / tile, tiles = blocks * (blocks + 1) / 2;
        string root = Directory.CreateTempSubdirectory("nt-bench-").FullName;
        Console.WriteLine($"{count} images of {data.SourceDescription}; the README's FCN with {hidden} hidden layers; {tiles} tiles of {tile} items (float32 NNGP and NTK); "
            + $"{Environment.ProcessorCount} cores; load average {LoadAverage.Text()}");
        try
        {
            // One process: warm up on the whole job once, then the whole job. A warm-up of a few tiles left the tiered JIT
            // recompiling hot code during the measurement (background tier-1 compilation was a quarter of a fresh silo's
            // processor time in a profile), so each side first runs what it is then timed on.
            KernelStore.Compute(network, x, null, Path.Combine(root, "warm-up"), tileItems: tile).Dispose();
            var self = Process.GetCurrentProcess();
            var cpuBefore = self.TotalProcessorTime;
            double single = Seconds(() => KernelStore.Compute(network, x, null, Path.Combine(root, "single"), tileItems: tile).Dispose());
            self.Refresh();
            double singleCpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
            Console.WriteLine($"one process:   {tiles} tiles in {single:F2} s, {tiles / single:F3} tiles/s; {singleCpu / tiles:F3} CPU s per tile");

            using var cluster = await LocalCluster.StartAsync(silos, arguments.Flag("redis") ? arguments.Text("redis") : null);
            using var host = await ClusterConnection.StartAsync(new KernelClusterOptions { Redis = cluster.Redis, ClusterId = cluster.ClusterId });
            var client = host.Client();
            // The cluster: warm up every silo on the same job in another store, then the job.
            (await client.ComputeAsync(network, x, null, Options(root, "cluster-warm-up", tile))).Dispose();
            TimeSpan? first = null;
            self.Refresh();
            var (clientCpuBefore, siloCpuBefore) = (self.TotalProcessorTime, cluster.SiloProcessorTime);
            var clock = Stopwatch.StartNew();
            (await client.ComputeAsync(network, x, null, Options(root, "cluster", tile) with
            {
                Progress = new SynchronousProgress<DistributedProgress>(p => first ??= p.Elapsed),
            })).Dispose();
            double distributed = clock.Elapsed.TotalSeconds, setup = first!.Value.TotalSeconds;
            self.Refresh();
            double clientCpu = (self.TotalProcessorTime - clientCpuBefore).TotalSeconds, siloCpu = (cluster.SiloProcessorTime - siloCpuBefore).TotalSeconds;
            double clusterCpu = clientCpu + siloCpu;
            Console.WriteLine($"{silos} silo processes: {tiles} tiles in {distributed:F2} s, {tiles / distributed:F3} tiles/s; "
                + $"the first tile stored after {setup:F2} s (job start, inputs to each silo), the other {tiles - 1} at {(tiles - 1) / (distributed - setup):F3} tiles/s; "
                + $"{clusterCpu / tiles:F3} CPU s per tile ({siloCpu / tiles:F3} in the silos, {clientCpu / tiles:F3} in the client)");
            Console.WriteLine($"cluster / one process: {100 * single / distributed:F1}% of the tile throughput (target at least 85%), "
                + $"{100 * singleCpu / clusterCpu:F1}% of the work per CPU second (what the throughput ratio tends to when both keep every core busy); load average {LoadAverage.Text()}");
            await host.StopAsync();
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static DistributedJobOptions Options(string root, string store, int tile) => new() { StoreRoot = root, Store = store, TileItems = tile };

    private static double Seconds(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }
}
