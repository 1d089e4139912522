namespace NeuralTangents.Distributed;

/// <summary>
/// The grain of one job (keyed by the job's id, which the store's progress file keeps): it splits the kernel into the
/// tiles of <see cref="KernelStore.Compute{T}"/>'s grid, hands them to the worker of every active silo, and hands a
/// tile that was in flight on a lost silo to another. Workers send finished tiles to the submitting client's
/// <see cref="IJobClient"/>, not through this grain. Its state is in memory only: the client's progress file is the
/// record of what is finished, so a job grain lost with its silo (or a restarted cluster) is started again by the
/// client with the tiles still missing.
/// </summary>
[Alias("nt.IKernelJobGrain")]
public interface IKernelJobGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the job, or restarts it after the client lost track or stopped taking tiles: every tile not in
    /// <paramref name="finished"/> and not in flight is queued, and finished tiles go to <paramref name="sink"/>.
    /// </summary>
    /// <param name="spec">The job.</param>
    /// <param name="finished">The tiles already stored by the client.</param>
    /// <param name="sink">Where workers send finished tiles (the client's observer reference).</param>
    /// <returns>The job's state after the start.</returns>
    /// <exception cref="ArgumentException">The job is invalid (network JSON, shapes, tile size, tile indices).</exception>
    [Alias("Start")]
    Task<JobSnapshot> Start(KernelJobSpec spec, int[] finished, IJobClient sink);

    /// <summary>The job, for the workers (each silo fetches it once per job).</summary>
    /// <exception cref="InvalidOperationException">The grain holds no job.</exception>
    [Alias("GetSpec")]
    Task<KernelJobSpec> GetSpec();

    /// <summary>
    /// The job's state and how many tiles wait for a worker or are being computed. <paramref name="stored"/> tells the
    /// grain which tiles the client stored since its last answered poll: a tile the client has is not handed out again
    /// when the call that computed it fails afterwards (its silo died after the delivery, before the worker answered).
    /// </summary>
    /// <param name="stored">Tiles stored by the client since its previous answered poll (more is harmless).</param>
    [Alias("Poll")]
    Task<JobSnapshot> Poll(int[] stored);

    /// <summary>Stops handing out tiles.</summary>
    [Alias("Cancel")]
    Task Cancel();

    /// <summary>Marks the job complete (the client stored every tile) and lets the grain go.</summary>
    [Alias("Complete")]
    Task Complete();
}
