namespace NeuralTangents.Distributed;

/// <summary>
/// The submitting client's end of a job, an Orleans observer: workers send each finished tile here directly, so a
/// tile's data crosses the network once, from the silo that computed it to the machine that stores it, instead of
/// passing through the silo of the job grain.
/// </summary>
[Alias("nt.ITileSink")]
public interface ITileSink : IGrainObserver
{
    /// <summary>
    /// Stores <paramref name="result"/> of job <paramref name="jobId"/> before it returns; a tile stored already is dropped.
    /// Throws when the client no longer runs that job (the worker reports the tile undelivered).
    /// </summary>
    /// <param name="jobId">The job the tile belongs to.</param>
    /// <param name="result">The tile.</param>
    [Alias("Deliver")]
    Task Deliver(string jobId, TileResult result);
}
