using Orleans.Runtime;

namespace NeuralTangents.Distributed;

/// <summary>
/// Places a grain on the silo its string key names (<c>SiloAddress.ToParsableString()</c>): one worker per silo,
/// where the job grain wants it.
/// </summary>
[GenerateSerializer, Immutable, Alias("nt.SiloTargetedPlacement")]
public sealed class SiloTargetedPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static SiloTargetedPlacement Instance { get; } = new();
}
