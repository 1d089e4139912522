using NeuralTangents.Engine;
using NeuralTangents.Engine.Plan;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Spatial;

internal sealed partial class GlobalPool
{
    /// <summary>The sum of the full covariance over all position pairs, scaled by the square of the pooling factor.</summary>
    internal override void AddToPlan<T>(PairPlanBuilder<T> plan)
    {
        plan.GlobalPool(Name, Average, Infer(plan.Signatures, forKernel: true)[0].Shape);
    }
}
