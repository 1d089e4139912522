using Orleans.Placement;

namespace NeuralTangents.Distributed;

/// <summary>Gives a grain class <see cref="SiloTargetedPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloTargetedPlacementAttribute : PlacementAttribute
{
    /// <summary>Creates the attribute.</summary>
    public SiloTargetedPlacementAttribute() : base(SiloTargetedPlacement.Instance)
    {
    }
}
