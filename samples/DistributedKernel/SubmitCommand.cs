using System.Numerics;
using NeuralTangents;
using NeuralTangents.Distributed;
using NeuralTangents.Samples.Data;

namespace DistributedKernel;

/// <summary>
/// <c>submit</c>: the NNGP and NTK of the README's fully connected network on the first --count Fashion-MNIST
/// training images against themselves, computed by the cluster into --store-root/--store. Ctrl+C cancels; submitting
/// the same job again resumes it.
/// </summary>
internal static class SubmitCommand
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        string precision = arguments.Text("precision", "float32");
        return precision switch
        {
            "float32" => await RunAsync<float>(arguments),
            "float64" => await RunAsync<double>(arguments),
            _ => throw new ArgumentException($"--precision is float32 or float64, not '{precision}'"),
        };
    }

    private static async Task<int> RunAsync<T>(Arguments arguments) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = arguments.Int("count", 2000);
        var data = FashionMnist.Load(count, 0, arguments.Flag("embedded") ? FashionMnistSource.Embedded : FashionMnistSource.Auto);
        var x = Preprocessing.Images<T>(data.Train);
        var network = ReadmeNetwork.Create();
        var options = new DistributedJobOptions
        {
            StoreRoot = arguments.Text("store-root"),
            Store = arguments.Text("store"),
            TileItems = arguments.Int("tile", 256),
            Progress = new Progress<DistributedProgress>(p => Console.WriteLine(
                $"{p.TilesDone}/{p.TilesTotal} tiles ({p.TilesResumed} resumed), {p.TilesPerSecond:F2} tiles/s, ETA {p.Eta?.ToString(@"hh\:mm\:ss") ?? "?"}")),
        };
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        using var host = await ClusterConnection.StartAsync(arguments.Cluster(silo: false));
        Console.WriteLine($"{x.Dim(0)} images of {data.SourceDescription}, {typeof(T).Name}, tiles of {options.TileItems}, into {StorePaths.Resolve(options.StoreRoot, options.Store)}");
        try
        {
            using var kernel = await host.Client().ComputeAsync(network, x, null, options, cancel.Token);
            Console.WriteLine($"done: {kernel.Folder}/{StoredKernel<T>.NngpFileName} and {StoredKernel<T>.NtkFileName}, {kernel.Rows} × {kernel.Columns}");
            return 0;
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("cancelled; the store keeps the finished tiles, and submitting the same job again resumes it");
            return 130;
        }
        catch (Exception refused) when (refused is StoreInUseException or DistributedJobException)
        {
            return Console.Error.WriteLineAndReturn($"error: {refused.Message}", 1);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
