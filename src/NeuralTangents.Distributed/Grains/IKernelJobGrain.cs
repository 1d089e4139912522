namespace NeuralTangents.Distributed;

/// <summary>
/// The grain of one job (keyed by the job's id, which the store's progress file keeps): it splits the kernel into the
/// tiles of <see cref="KernelStore.Compute{T}"/>'s grid, hands them to the worker of every active silo, hands a tile
/// that was in flight on a lost silo to another, and keeps finished tiles until the submitting client polls them.
/// Its state is in memory only: the client's progress file is the record of what is finished, so a job grain lost
/// with its silo (or a restarted cluster) is started again by the client with the tiles still missing.
/// </summary>
[Alias("nt.IKernelJobGrain")]
public interface IKernelJobGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the job, or restarts it after the client lost track: every tile not in <paramref name="finished"/>, not in
    /// flight and not waiting to be acknowledged is queued.
    /// </summary>
    /// <param name="spec">The job.</param>
    /// <param name="finished">The tiles already stored by the client.</param>
    /// <exception cref="ArgumentException">The job is invalid (network JSON, shapes, tile size, tile indices).</exception>
    [Alias("Start")]
    Task Start(KernelJobSpec spec, int[] finished);

    /// <summary>The job, for the workers (each silo fetches it once per job).</summary>
    /// <exception cref="InvalidOperationException">The grain holds no job.</exception>
    [Alias("GetSpec")]
    Task<KernelJobSpec> GetSpec();

    /// <summary>
    /// The job's state and the oldest finished tiles the client has not acknowledged yet, up to
    /// <see cref="DistributedSiloOptions.MaxPollBytes"/>. A tile stays with the grain until a later poll acknowledges
    /// it, so a poll whose answer is lost on the way (a gateway silo died) loses no tile.
    /// </summary>
    /// <param name="stored">The tiles of the previous answer that the client has stored (or already had); the grain drops them.</param>
    [Alias("Poll")]
    Task<JobSnapshot> Poll(int[] stored);

    /// <summary>Stops handing out tiles and drops the finished ones not yet acknowledged.</summary>
    [Alias("Cancel")]
    Task Cancel();

    /// <summary>Marks the job complete (the client stored every tile) and lets the grain go.</summary>
    [Alias("Complete")]
    Task Complete();
}
