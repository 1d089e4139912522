using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace NeuralTangents.Distributed;

/// <summary>
/// The director of <see cref="SiloTargetedPlacement"/>: the silo whose address is the grain's key, when it is one of
/// the compatible (active) silos; otherwise the activation fails, and the caller treats the silo as lost.
/// </summary>
internal sealed class SiloTargetedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        string key = target.GrainIdentity.Key.ToString();
        foreach (var silo in context.GetCompatibleSilos(target))
            if (silo.ToParsableString() == key) return Task.FromResult(silo);
        throw new OrleansException($"No active silo has address {key}; a worker for it cannot be placed.");
    }
}
