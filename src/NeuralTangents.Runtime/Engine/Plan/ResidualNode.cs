using System.Numerics;

namespace NeuralTangents.Engine.Plan;

/// <summary>FanOut, a step list per branch, FanInSum: every branch runs on its own copy of the state and the results add.</summary>
internal sealed class ResidualNode<T> : PlanNode<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public ResidualNode(IReadOnlyList<IReadOnlyList<PlanNode<T>>> branches) => Branches = branches;

    /// <summary>The steps of each branch.</summary>
    public IReadOnlyList<IReadOnlyList<PlanNode<T>>> Branches { get; }

    public override IEnumerable<string> Describe() =>
        new[] { $"FanOut({Branches.Count}) → [{string.Join(" | ", Branches.Select(b => string.Join(", ", b.SelectMany(n => n.Describe())) is { Length: > 0 } s ? s : "Identity"))}] → FanInSum" };

    public override void Run(PairState<T> state, PlanContext<T> context)
    {
        var copies = new PairState<T>[Branches.Count - 1];
        for (int b = 1; b < Branches.Count; b++) copies[b - 1] = state.Clone();
        foreach (var node in Branches[0]) node.Run(state, context);
        int size = state.Outer * state.Inner;
        for (int b = 1; b < Branches.Count; b++)
        {
            using var copy = copies[b - 1];
            foreach (var node in Branches[b]) node.Run(copy, context);
            RowArithmetic<T>.Add(state.Nngp.AsSpan(0, size), copy.Nngp.AsSpan(0, size));
            if (state.Ntk is not null) RowArithmetic<T>.Add(state.Ntk.AsSpan(0, size), copy.Ntk.AsSpan(0, size));
        }
    }
}
