namespace NeuralTangents.Distributed;

/// <summary>How a silo's job grains and workers behave (bind with <c>services.Configure&lt;DistributedSiloOptions&gt;</c>).</summary>
public sealed class DistributedSiloOptions
{
    /// <summary>The limits applied to every network description received from the cluster.</summary>
    public NetworkJsonOptions NetworkLimits { get; set; } = NetworkJsonOptions.Default;

    /// <summary>How long a silo whose call failed gets no new tile (it is probably being declared dead). Default 2 s.</summary>
    public TimeSpan SiloBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many times one tile may fail (lost silo, timeout) before the job fails. Default 20.</summary>
    public int MaxTileFailures { get; set; } = 20;

    /// <summary>Finished tiles a job grain keeps for the client before it stops handing out tiles. Default 64.</summary>
    public int FinishedBuffer { get; set; } = 64;
}
