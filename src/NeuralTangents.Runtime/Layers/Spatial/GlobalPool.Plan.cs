using NeuralTangents.Engine;
using NeuralTangents.Engine.Plan;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Spatial;

internal sealed partial class GlobalPool
{
    /// <summary>The sum of the full covariance over all position pairs, scaled by the square of the pooling factor.</summary>
    internal override void AddToPlan<T>(PairPlanBuilder<T> plan)
    {
        double scale = ScaleFor(new SpatialLayout(SpatialForm.Full, plan.Dims).Size);
        plan.Reduce(Name, ReduceKind.GlobalPool, scale * scale);
        plan.Advance(this);
    }
}
