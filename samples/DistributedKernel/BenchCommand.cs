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
/// writes, and --silos processes sharing the cores; the silos keep the inputs from the warm-up job, as they do for any
/// job on data they hold. Besides wall-clock tiles/s it reports the processor time per tile
/// of each side (all silo processes and the client together): on a machine busy with other work, wall-clock ratios
/// follow the other work, while the processor time per tile still says what the cluster costs.
/// </summary>
/// <remarks>
/// The runs are ordered one process, cluster, cluster, one process, and each side's two runs are added up. Memory
/// that the machine touches for the first time is slow here (about 0.5 GB/s), and a store is written into the page
/// cache: a run that comes after another writes into fresher pages. Measured once each, the side that ran first won by
/// 30–40% whichever it was; in this order each side has one earlier and one later run.
/// </remarks>
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
            var job = new BenchJob(network, x, root, tile, tiles);
            // One process: the whole job once to warm up, then timed.
            KernelStore.Compute(network, x, null, Path.Combine(root, "warm-up"), tileItems: tile).Dispose();
            var first = job.RunSingle("one process, run 1");
            var clustered = new List<Measured>();
            using (var cluster = await LocalCluster.StartAsync(silos, arguments.Flag("redis") ? arguments.Text("redis") : null))
            using (var host = await ClusterConnection.StartAsync(new KernelClusterOptions { Redis = cluster.Redis, ClusterId = cluster.ClusterId }))
            {
                var client = host.Client();
                // Every silo warmed up on the same job: its time includes fetching the inputs from this client, which the
                // silos then keep for the timed runs (jobs on the same data fetch none, DistributedSiloOptions.InputCacheBytes).
                await job.RunClusterAsync(client, cluster, $"{silos} silo processes, warm-up (not counted; each silo fetches the inputs)");
                clustered.Add(await job.RunClusterAsync(client, cluster, $"{silos} silo processes, run 1"));
                clustered.Add(await job.RunClusterAsync(client, cluster, $"{silos} silo processes, run 2"));
                await host.StopAsync();
            }
            var second = job.RunSingle("one process, run 2");
            double single = first.Seconds + second.Seconds, singleCpu = first.Cpu + second.Cpu;
            double distributed = clustered.Sum(m => m.Seconds), clusterCpu = clustered.Sum(m => m.Cpu);
            Console.WriteLine($"cluster / one process: {100 * single / distributed:F1}% of the tile throughput (target at least 85%; "
                + $"{100 * first.Seconds / clustered[0].Seconds:F1}% and {100 * second.Seconds / clustered[1].Seconds:F1}% run by run), "
                + $"{100 * singleCpu / clusterCpu:F1}% of the work per CPU second (what the throughput ratio tends to when both keep every core busy); load average {LoadAverage.Text()}");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
