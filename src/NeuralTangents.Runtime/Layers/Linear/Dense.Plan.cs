using NeuralTangents.Engine.Plan;

namespace NeuralTangents.Layers.Linear;

internal sealed partial class Dense
{
    /// <summary>The affine rule on every position pair (the channel axis is contracted).</summary>
    internal override void AddToPlan<T>(PairPlanBuilder<T> plan)
    {
        var input = plan.Signatures[0];
        plan.Dense(Name, WStd, BStd, Parameterization, (double)input.Channels / WidthScaleIn, Infer(new[] { input }, forKernel: true)[0].Shape);
    }
}
