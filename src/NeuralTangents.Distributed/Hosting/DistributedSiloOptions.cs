namespace NeuralTangents.Distributed;

/// <summary>How a silo's job grains and workers behave (bind with <c>services.Configure&lt;DistributedSiloOptions&gt;</c>).</summary>
public sealed class DistributedSiloOptions
{
    /// <summary>The limits applied to every network description received from the cluster.</summary>
    public NetworkJsonOptions NetworkLimits { get; set; } = NetworkJsonOptions.Default;

    /// <summary>
    /// The most bytes a job's inputs (x1 and x2 together) may hold; a job over it is refused before its inputs are
    /// copied or its grid is built. Default 512 MiB (a 60 000-image Fashion-MNIST x1 in float64 is 376 MB).
    /// </summary>
    public long MaxInputBytes { get; set; } = 512L << 20;

    /// <summary>The most tiles a job's grid may have (the job grain keeps one entry per tile). Default 1 000 000.</summary>
    public int MaxTiles { get; set; } = 1_000_000;

    /// <summary>How long a silo whose call failed gets no new tile (it is probably being declared dead). Default 2 s.</summary>
    public TimeSpan SiloBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many times one tile may fail (lost silo, timeout) before the job fails. Default 20.</summary>
    public int MaxTileFailures { get; set; } = 20;

    /// <summary>
    /// Tiles a job grain keeps in flight on each silo. Default 2: while a worker computes one tile the next already waits
    /// at it, so the worker computes it while the previous one travels to the client. A silo lost mid-job takes this many tiles
    /// with it (they are computed again elsewhere; only the one being computed had been started).
    /// </summary>
    public int TilesInFlightPerSilo { get; set; } = 2;

    /// <summary>
    /// The most bytes of one computed tile (its kernel blocks and variances), which travels to the client as one Orleans
    /// message. Default 96 MiB, below Orleans' default message limit of 100 MiB (<c>MessagingOptions.MaxMessageBodySize</c>):
    /// float32 NNGP and NTK tiles of up to 3 500 items, float64 of up to 2 500. A job whose tiles cannot fit is refused.
    /// </summary>
    public long MaxTileBytes { get; set; } = 96L << 20;

    /// <summary>
    /// The most bytes of inputs a silo keeps between jobs (least recently used dropped first), so that jobs on the same
    /// data do not fetch it again. Default 1 GiB; 0 keeps none beyond the current job's.
    /// </summary>
    public long InputCacheBytes { get; set; } = 1L << 30;
}
