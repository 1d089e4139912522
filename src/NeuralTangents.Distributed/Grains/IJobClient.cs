namespace NeuralTangents.Distributed;

/// <summary>
/// The submitting client's end of a job, an Orleans observer reached over the client's own gateway connections: it
/// serves the job's inputs to the silos that lack them and stores the tiles that workers send. A tile's data crosses
/// the network once, from the silo that computed it to the machine that stores it, and the inputs once per silo,
/// without passing through the silo of the job grain. Both calls answer within seconds (a read of memory, a write of
/// one tile), so they time out after <see cref="Timeout"/> rather than after a silo's tile timeout: a client that is
/// gone does not hold a worker for the half hour a tile may take.
/// </summary>
[Alias("nt.IJobClient")]
public interface IJobClient : IGrainObserver
{
    /// <summary>How long a worker waits for the client to answer one call (<see cref="ResponseTimeoutAttribute"/>).</summary>
    public const string Timeout = "00:02:00";

    /// <summary>The most bytes of an input one <see cref="GetInput"/> call returns: well under Orleans' 100 MiB message limit.</summary>
    public const int InputChunkBytes = 16 << 20;

    /// <summary>
    /// Bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="count"/>) of the job's input whose
    /// SHA-256 is <paramref name="sha256"/> (x1 or x2), for a silo that does not hold it; <paramref name="count"/> is at
    /// most <see cref="InputChunkBytes"/>.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="sha256">The input's <see cref="InputRef.Sha256"/>.</param>
    /// <param name="offset">The first byte.</param>
    /// <param name="count">The number of bytes.</param>
    /// <exception cref="ArgumentException">The client runs another job, the job has no such input, or the range is outside it or too long.</exception>
    [Alias("GetInput"), ResponseTimeout(Timeout)]
    Task<byte[]> GetInput(string jobId, string sha256, long offset, int count);

    /// <summary>
    /// Stores <paramref name="result"/> of job <paramref name="jobId"/> before it returns; a tile stored already is dropped.
    /// Throws when the client no longer runs that job or cannot store the tile (the worker reports the tile undelivered).
    /// </summary>
    /// <param name="jobId">The job the tile belongs to.</param>
    /// <param name="result">The tile.</param>
    [Alias("Deliver"), ResponseTimeout(Timeout)]
    Task Deliver(string jobId, TileResult result);
}
