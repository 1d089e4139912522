namespace NeuralTangents.Distributed;

/// <summary>
/// The worker of one silo (keyed by the silo's address, <c>SiloAddress.ToParsableString()</c>, and placed on that
/// silo): computes tiles with the silo's local engine and sends each straight to the submitting client's
/// <see cref="IJobClient"/>. On its first tile of a job it fetches the job's spec from the job grain and each input it
/// does not hold from the client (<see cref="IJobClient.GetInput"/>), and keeps the inputs for later jobs on the same data.
/// </summary>
[Alias("nt.ITileWorkerGrain")]
public interface ITileWorkerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Computes tile <paramref name="tile"/> of job <paramref name="jobId"/> and delivers it to <paramref name="sink"/>;
    /// the outcome says whether the client stored it, why the tile cannot be computed (invalid job, tile outside the
    /// job's grid, inputs the engine rejects), or why the client did not take it.
    /// </summary>
    /// <param name="jobId">The job grain's key.</param>
    /// <param name="tile">The tile's index in the job's grid.</param>
    /// <param name="sink">The submitting client's sink.</param>
    [Alias("Compute")]
    Task<TileOutcome> Compute(string jobId, int tile, IJobClient sink);
}
