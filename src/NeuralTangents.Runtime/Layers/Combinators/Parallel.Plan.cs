using NeuralTangents.Engine.Plan;

namespace NeuralTangents.Layers.Combinators;

internal sealed partial class Parallel
{
    /// <summary>Each child on its own branch, with that branch's demand.</summary>
    internal override void AddToPlan<T>(PairPlanBuilder<T> plan)
    {
        var demand = plan.Demand;
        if (plan.Signatures.Length != Layers.Count) throw plan.Unsupported(this, $"has {Layers.Count} children for {plan.Signatures.Length} branches");
        for (int i = 0; i < Layers.Count; i++)
        {
            plan.Demand = demand is null ? null : new[] { demand[i] };
            plan.InBranch(i, () => Layers[i].AddToPlan(plan));
        }
        plan.Demand = demand;
    }
}
