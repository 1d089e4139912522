using System.Numerics;
using NeuralTangents.Engine.Plan;

namespace NeuralTangents.Layers;

internal abstract partial class LayerBase
{
    /// <summary>
    /// Adds this layer's kernel rule to a pair-major plan (the fast host path), or throws the builder's
    /// <see cref="PairPlanBuilder{T}.Unsupported"/> saying why it has none; the interpreted rule
    /// (<see cref="Propagate{T}"/>) then computes the kernel.
    /// </summary>
    internal virtual void AddToPlan<T>(PairPlanBuilder<T> plan) where T : unmanaged, IFloatingPointIeee754<T> =>
        throw plan.Unsupported(this, "no pair-major kernel rule (interpreted layers)");
}
