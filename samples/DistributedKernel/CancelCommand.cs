using NeuralTangents.Distributed;

namespace DistributedKernel;

/// <summary><c>cancel</c>: tells the job grain of the store's job to stop; its submitting client then stops too.</summary>
internal static class CancelCommand
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        string folder = arguments.StoreFolder();
        var status = StoredJobStatus.Read(folder);
        if (status is null) return Console.Error.WriteLineAndReturn($"{folder} holds no job", 1);
        using var host = await ClusterConnection.StartAsync(arguments.Cluster(silo: false));
        await host.Client().GetGrain<IKernelJobGrain>(status.JobId).Cancel();
        await host.StopAsync();
        Console.WriteLine($"job {status.JobId} cancelled at {status.TilesDone}/{status.TilesTotal} tiles");
        return 0;
    }
}
