using NeuralTangents.Engine.Plan;

namespace NeuralTangents.Layers.Elementwise;

internal sealed partial class ElementwiseLayer<TAct>
{
    /// <summary>The dual on every position pair, with the items' variances from the plan's variance tables.</summary>
    internal override void AddToPlan<T>(PairPlanBuilder<T> plan)
    {
        plan.Pointwise(new DualOp<T, TAct>(Name, Activation, plan.NextDual()));
        plan.Advance(this);
    }
}
