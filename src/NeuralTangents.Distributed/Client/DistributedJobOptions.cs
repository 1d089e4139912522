namespace NeuralTangents.Distributed;

/// <summary>Where and how <see cref="DistributedKernel.ComputeAsync{T}"/> runs a job.</summary>
public sealed record DistributedJobOptions
{
    /// <summary>The folder every store lives under; <see cref="Store"/> may not leave it.</summary>
    public required string StoreRoot { get; init; }

    /// <summary>The store's folder, relative to <see cref="StoreRoot"/>.</summary>
    public required string Store { get; init; }

    /// <summary>Items per side of a tile. Default 1024.</summary>
    public int TileItems { get; init; } = 1024;

    /// <summary>The kernels computed. Default both.</summary>
    public KernelOutputs Outputs { get; init; } = KernelOutputs.Both;

    /// <summary>Receives a report after each stored tile.</summary>
    public IProgress<DistributedProgress>? Progress { get; init; }

    /// <summary>How often the client asks the job grain how the job stands (tiles come to the client as they finish). Default 100 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
