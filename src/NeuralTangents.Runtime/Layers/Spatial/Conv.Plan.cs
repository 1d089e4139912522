using NeuralTangents.Engine;
using NeuralTangents.Engine.Plan;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Spatial;

internal sealed partial class Conv
{
    /// <summary>The joint box filter over the window (1/|k|), then Dense's affine rule with fan-in C_in·|k|, fused into one pass.</summary>
    internal override void AddToPlan<T>(PairPlanBuilder<T> plan)
    {
        var input = plan.Signatures[0];
        if (input.Shape.Length <= 2) throw plan.Unsupported(this, "a convolution needs spatial axes");
        var output = Infer(new[] { input }, forKernel: true)[0];
        plan.Conv(Name, Filter, Strides, Padding, Transposed, WStd, BStd, Parameterization, WidthScaleIn, output.Shape);
    }
}
