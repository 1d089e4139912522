using NeuralTangents.Engine.Plan;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Linear;

internal sealed partial class Flatten
{
    /// <summary>The mean of the diagonal over the positions (nothing without spatial axes).</summary>
    internal override void AddToPlan<T>(PairPlanBuilder<T> plan)
    {
        if (plan.Form == SpatialForm.Full) plan.ToDiagonal(0);
        if (plan.Form == SpatialForm.Diagonal) plan.Reduce(Name, ReduceKind.Flatten, 1.0 / new Engine.SpatialLayout(SpatialForm.Diagonal, plan.Dims).Size);
        plan.Advance(this);
    }
}
