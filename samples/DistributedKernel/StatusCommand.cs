using NeuralTangents.Distributed;

namespace DistributedKernel;

/// <summary><c>status</c>: what the store's progress file says (no cluster needed).</summary>
internal static class StatusCommand
{
    public static int Run(Arguments arguments)
    {
        string folder = arguments.StoreFolder();
        var status = StoredJobStatus.Read(folder);
        if (status is null) return Console.Out.WriteLineAndReturn($"{folder} holds no job", 1);
        Console.WriteLine($"job {status.JobId}: {status.TilesDone}/{status.TilesTotal} tiles stored ({100.0 * status.TilesDone / status.TilesTotal:F1}%)");
        return 0;
    }
}
