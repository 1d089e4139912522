using NeuralTangents.Engine.Plan;

namespace NeuralTangents.Layers.Branching;

internal sealed partial class FanOut
{
    /// <summary>Copies of the branch, each with its own steps until the FanInSum that joins them.</summary>
    internal override void AddToPlan<T>(PairPlanBuilder<T> plan) => plan.FanOut(Count);
}
