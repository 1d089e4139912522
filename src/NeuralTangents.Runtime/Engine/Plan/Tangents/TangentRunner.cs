using System.Buffers;
using System.Numerics;
using NeuralTangents.Rules;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// Runs a plan's steps on a primal state and its tangent states together (forward mode). The steps themselves are the
/// plan's: a box filter and a reduction are linear, so each tangent state goes through the very same step; a pointwise
/// op runs on the primal rows and then its <see cref="ITangentOp{T}"/> rule updates the tangents from the primal input
/// it saw; a residual runs every branch on copies of all states and sums them. Segments run rule by rule over all
/// rows (not fused row by row as <see cref="SegmentNode{T}"/> does): every entry sees the same arithmetic either way.
/// </summary>
internal static class TangentRunner<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Runs <paramref name="nodes"/> on <paramref name="primal"/> and <paramref name="tangents"/> in place.</summary>
    public static void Run(IReadOnlyList<PlanNode<T>> nodes, PairState<T> primal, PairState<T>[] tangents, PlanContext<T> context, TangentContext<T> tangentContext)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case SegmentNode<T> segment:
                    Segment(segment, primal, tangents, context, tangentContext);
                    break;
                case ReduceNode<T> reduce:
                    reduce.Run(primal, context);
                    foreach (var tangent in tangents) reduce.Run(tangent, context);
                    break;
                case ResidualNode<T> residual:
                    Residual(residual, primal, tangents, context, tangentContext);
                    break;
                default:
                    throw new NotSupportedException($"The plan step {string.Join(", ", node.Describe())} ({node.GetType().Name}) has no tangent rule.");
            }
        }
    }

    private static void Segment(SegmentNode<T> segment, PairState<T> primal, PairState<T>[] tangents, PlanContext<T> context, TangentContext<T> tangentContext)
    {
        if (segment.Box is { } box)
        {
            Filter(box, primal);
            foreach (var tangent in tangents) Filter(box, tangent);
        }
        int size = primal.Outer * primal.Inner;
        var savedNngp = ArrayPool<T>.Shared.Rent(Math.Max(1, size));
        var savedNtk = primal.Ntk is null ? null : ArrayPool<T>.Shared.Rent(Math.Max(1, size));
        try
        {
            foreach (var op in segment.Ops)
            {
                if (op is DualOpBase<T> dual && context.Recording && primal.Form == SpatialForm.Full) RecordDiagonal(dual.Index, primal, tangents, context, tangentContext);
                primal.Nngp.AsSpan(0, size).CopyTo(savedNngp);
                primal.Ntk?.AsSpan(0, size).CopyTo(savedNtk);
                op.Apply(primal.Nngp.AsSpan(0, size), primal.Ntk is null ? Span<T>.Empty : primal.Ntk.AsSpan(0, size), 0, primal.Outer, primal.Inner,
                    primal.Form, primal.Positions, context);
                var rule = op as ITangentOp<T> ?? throw new NotSupportedException($"{op.Describe()}: this kernel rule has no tangent rule.");
                rule.ApplyTangents(savedNngp.AsSpan(0, size), savedNtk is null ? ReadOnlySpan<T>.Empty : savedNtk.AsSpan(0, size), tangents,
                    primal.Outer, primal.Inner, primal.Form, primal.Positions, context, tangentContext);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(savedNngp);
            if (savedNtk is not null) ArrayPool<T>.Shared.Return(savedNtk);
        }
    }

    /// <summary>The box filter on one state (primal or tangent: the filter is linear).</summary>
    private static void Filter(BoxOp<T> box, PairState<T> state)
    {
        int positions = box.OutSize;
        var (nngp, ntk) = state.Rent(state.Form, positions);
        int inner = state.Form == SpatialForm.Full ? positions : state.Lanes;
        for (int row = 0; row < positions; row++)
            box.Row(state, row, nngp.AsSpan(row * inner, inner), ntk is null ? Span<T>.Empty : ntk.AsSpan(row * inner, inner));
        state.Replace(nngp, ntk, state.Form, positions);
    }

    /// <summary>A full-form variance run: the same-position entries of the item's own covariance and of its tangents, before the nonlinearity.</summary>
    private static void RecordDiagonal(int dual, PairState<T> primal, PairState<T>[] tangents, PlanContext<T> context, TangentContext<T> tangentContext)
    {
        int first = context.Rows.Index(dual, context.RowItem, 0), positions = primal.Positions;
        var table = context.Rows[dual];
        for (int p = 0; p < positions; p++) table[first + p] = primal.Nngp[p * positions + p];
        for (int m = 0; m < tangents.Length; m++)
        {
            var tangentTable = tangentContext.Rows[m][dual];
            for (int p = 0; p < positions; p++) tangentTable[first + p] = tangents[m].Nngp[p * positions + p];
        }
    }

    /// <summary>Every branch on its own copies of the primal and tangent states; the results add.</summary>
    private static void Residual(ResidualNode<T> residual, PairState<T> primal, PairState<T>[] tangents, PlanContext<T> context, TangentContext<T> tangentContext)
    {
        int branches = residual.Branches.Count;
        var copies = new (PairState<T> Primal, PairState<T>[] Tangents)[branches - 1];
        for (int b = 1; b < branches; b++) copies[b - 1] = (primal.Clone(), tangents.Select(t => t.Clone()).ToArray());
        Run(residual.Branches[0], primal, tangents, context, tangentContext);
        int size = primal.Outer * primal.Inner;
        for (int b = 1; b < branches; b++)
        {
            var (copy, copyTangents) = copies[b - 1];
            try
            {
                Run(residual.Branches[b], copy, copyTangents, context, tangentContext);
                Add(primal, copy, size);
                for (int m = 0; m < tangents.Length; m++) Add(tangents[m], copyTangents[m], size);
            }
            finally
            {
                copy.Dispose();
                foreach (var tangent in copyTangents) tangent.Dispose();
            }
        }
    }

    private static void Add(PairState<T> target, PairState<T> other, int size)
    {
        TensorPrimitives.Add<T>(target.Nngp.AsSpan(0, size), other.Nngp.AsSpan(0, size), target.Nngp.AsSpan(0, size));
        if (target.Ntk is not null) TensorPrimitives.Add<T>(target.Ntk.AsSpan(0, size), other.Ntk!.AsSpan(0, size), target.Ntk.AsSpan(0, size));
    }
}
