using NeuralTangents.Engine.Plan;

namespace NeuralTangents.Layers.Linear;

internal sealed partial class Identity
{
    /// <summary>Nothing to compute, on any number of branches.</summary>
    internal override void AddToPlan<T>(PairPlanBuilder<T> plan)
    {
    }
}
