using NeuralTangents.Engine;
using NeuralTangents.Engine.Plan;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Spatial;

internal sealed partial class Pool
{
    /// <summary>The independent box filter over every pair of window offsets (full form), scaled by the square of the pooling factor.</summary>
    internal override void AddToPlan<T>(PairPlanBuilder<T> plan)
    {
        var input = plan.Signatures[0];
        var geometry = SpatialTiles.Window(plan.Dims, Window, Strides, (SpatialPadding)Padding);
        var output = Infer(new[] { input }, forKernel: true)[0];
        plan.Box(Name, geometry, independent: true, Scale * Scale, output.Shape[1..^1]);
        plan.Advance(this);
    }
}
