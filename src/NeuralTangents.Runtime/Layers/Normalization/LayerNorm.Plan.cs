using NeuralTangents.Engine.Plan;

namespace NeuralTangents.Layers.Normalization;

internal sealed partial class LayerNorm
{
    /// <summary>
    /// Over channels only: the normalization map on every position pair, as a dual with the items' same-position
    /// variances from the plan's variance tables. Over spatial axes too, the variance is a mean over positions, which
    /// no pointwise step sees: the interpreted layers compute it.
    /// </summary>
    internal override void AddToPlan<T>(PairPlanBuilder<T> plan)
    {
        if (SpatialAxes(plan.Signatures[0].Shape).Length > 0)
            throw plan.Unsupported(this, "normalizing over spatial axes needs the mean variance over positions (interpreted layers)");
        plan.Pointwise(new DualOp<T, NormalizeDual>(Name, new NormalizeDual(Epsilon), plan.NextDual()));
        plan.Advance(this);
    }
}
