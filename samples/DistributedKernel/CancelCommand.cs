using NeuralTangents.Distributed;

namespace DistributedKernel;

/// <summary>
/// <c>cancel</c>: leaves a cancel request in the store (<see cref="CancelRequest"/>), which the submitting client, on this
/// machine, finds at its next poll; it then cancels the job on the cluster and stops, and a later submit resumes.
/// </summary>
internal static class CancelCommand
{
    public static int Run(Arguments arguments)
    {
        string folder = arguments.StoreFolder();
        var status = StoredJobStatus.Read(folder);
        if (status is null) return Console.Error.WriteLineAndReturn($"{folder} holds no job", 1);
        CancelRequest.Write(folder);
        Console.WriteLine($"cancel requested for job {status.JobId} at {status.TilesDone}/{status.TilesTotal} tiles; its submitting client stops at its next poll");
        return 0;
    }
}
