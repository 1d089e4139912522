using NeuralTangents.Engine.Plan;

namespace NeuralTangents.Layers.Regularization;

internal sealed partial class Dropout
{
    /// <summary>Test mode is the identity; train mode's same-item rule needs the interpreted layers.</summary>
    internal override void AddToPlan<T>(PairPlanBuilder<T> plan)
    {
        if (Train) throw plan.Unsupported(this, "train-mode dropout scales an item's own entries (interpreted layers)");
        plan.Advance(this);
    }
}
