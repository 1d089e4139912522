namespace NeuralTangents.Distributed;

/// <summary>
/// The worker of one silo (keyed by the silo's address, <c>SiloAddress.ToParsableString()</c>, and placed on that
/// silo): computes tiles with the silo's local engine. It fetches a job's inputs from the job grain on its first
/// tile of that job and keeps them for the job's later tiles.
/// </summary>
[Alias("nt.ITileWorkerGrain")]
public interface ITileWorkerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Tile <paramref name="tile"/> of job <paramref name="jobId"/>, or a result whose <see cref="TileResult.Error"/>
    /// says why it cannot be computed (invalid job, tile outside the job's grid, inputs the engine rejects).
    /// </summary>
    /// <param name="jobId">The job grain's key.</param>
    /// <param name="tile">The tile's index in the job's grid.</param>
    [Alias("Compute")]
    Task<TileResult> Compute(string jobId, int tile);
}
