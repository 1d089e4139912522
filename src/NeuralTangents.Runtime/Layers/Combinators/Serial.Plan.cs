using NeuralTangents.Engine.Plan;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Combinators;

internal sealed partial class Serial
{
    /// <summary>The children in order; a full covariance drops to its diagonal as soon as nothing later needs the rest (as <see cref="Propagate{T}"/> does).</summary>
    internal override void AddToPlan<T>(PairPlanBuilder<T> plan)
    {
        var demands = ChildDemands(plan.Signatures, plan.Demand);
        for (int i = 0; i < Layers.Count; i++)
        {
            if (i > 0)
            {
                var needed = Layers[i].InputForms(plan.Signatures, demands[i]);
                for (int b = 0; b < needed.Length; b++)
                    if (needed[b] == SpatialForm.Diagonal) plan.ToDiagonal(b);
            }
            plan.Demand = demands[i];
            Layers[i].AddToPlan(plan);
        }
    }
}
