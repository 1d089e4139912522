namespace NeuralTangents.Distributed;

/// <summary>
/// The submitting client's end of a job, an Orleans observer reached over the client's own gateway connections: it
/// serves the job's inputs to the silos that lack them and stores the tiles that workers send. A tile's data crosses
/// the network once, from the silo that computed it to the machine that stores it, and the inputs once per silo,
/// without passing through the silo of the job grain.
/// </summary>
[Alias("nt.IJobClient")]
public interface IJobClient : IGrainObserver
{
    /// <summary>The bytes of the job's input whose SHA-256 is <paramref name="sha256"/> (x1 or x2), for a silo that does not hold it.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="sha256">The input's <see cref="InputRef.Sha256"/>.</param>
    /// <exception cref="ArgumentException">The client runs another job, or the job has no such input.</exception>
    [Alias("GetInput")]
    Task<WireArray> GetInput(string jobId, string sha256);

    /// <summary>
    /// Stores <paramref name="result"/> of job <paramref name="jobId"/> before it returns; a tile stored already is dropped.
    /// Throws when the client no longer runs that job (the worker reports the tile undelivered).
    /// </summary>
    /// <param name="jobId">The job the tile belongs to.</param>
    /// <param name="result">The tile.</param>
    [Alias("Deliver")]
    Task Deliver(string jobId, TileResult result);
}
