using NeuralTangents.Engine.Plan;

namespace NeuralTangents.Layers.Linear;

internal sealed partial class Dense
{
    /// <summary>The affine rule on every position pair (the channel axis is contracted).</summary>
    internal override void AddToPlan<T>(PairPlanBuilder<T> plan)
    {
        int channels = plan.Signatures[0].Channels;
        plan.Pointwise(new AffineOp<T>(Name, WStd, BStd, Parameterization, (double)channels / WidthScaleIn));
        plan.Advance(this);
    }
}
