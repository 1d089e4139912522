using NeuralTangents.Engine;
using NeuralTangents.Engine.Plan;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Spatial;

internal sealed partial class Pool
{
    /// <summary>The independent box filter over every pair of window offsets (full form), scaled by the square of the pooling factor.</summary>
    internal override void AddToPlan<T>(PairPlanBuilder<T> plan)
    {
        var output = Infer(new[] { plan.Signatures[0] }, forKernel: true)[0];
        plan.Pool(Name, Window, Strides, Padding, Scale, output.Shape);
    }
}
