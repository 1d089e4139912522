using NeuralTangents.Engine.Plan;

namespace NeuralTangents.Layers.Branching;

internal sealed partial class FanInSum
{
    /// <summary>The sum of the branches of the last FanOut (a residual step).</summary>
    internal override void AddToPlan<T>(PairPlanBuilder<T> plan) => plan.FanInSum(this);
}
