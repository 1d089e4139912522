using NeuralTangents.Engine.Plan;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Linear;

internal sealed partial class Flatten
{
    /// <summary>The mean of the diagonal over the positions (nothing without spatial axes).</summary>
    internal override void AddToPlan<T>(PairPlanBuilder<T> plan)
    {
        plan.Flatten(Name, Infer(plan.Signatures, forKernel: true)[0].Shape);
    }
}
