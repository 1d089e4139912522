using System.Runtime.CompilerServices;
using System.Numerics;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// A box filter (optional) and the pointwise rules after it, fused: each output row is filtered and then carried
/// through every pointwise rule while it is in the cache, so the state is read and written once per segment.
/// A full-form variance run is the exception: a nonlinearity there needs the whole diagonal of the item's own
/// covariance first, so it runs rule by rule over all rows.
/// </summary>
internal sealed class SegmentNode<T> : PlanNode<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public SegmentNode(BoxOp<T>? box) => Box = box;

    /// <summary>The filter that starts the segment, if any.</summary>
    public BoxOp<T>? Box { get; }

    /// <summary>The pointwise rules, in order.</summary>
    public List<PointwiseOp<T>> Ops { get; } = new();

    public override IEnumerable<string> Describe() =>
        (Box is null ? Array.Empty<string>() : new[] { Box.Name }).Concat(Ops.Select(o => o.Describe())).Distinct();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Run(PairState<T> state, PlanContext<T> context)
    {
        bool ruleByRule = context.Recording && state.Form == SpatialForm.Full && Ops.Any(o => o is DualOpBase<T>);
        if (Box is not null)
        {
            int positions = Box.OutSize;
            var (nngp, ntk) = state.Rent(state.Form, positions);
            int inner = state.Form == SpatialForm.Full ? positions : state.Lanes;
            int group = GroupRows(inner);
            // Conv + affine map + arc-cosine dual in one pass where it applies; the rules after them as usual.
            bool fused = FusedConvRelu.Applies(this, state, context);
            Box.Prepare(state);
            for (int row = 0; row < positions; row += group)
            {
                int rows = Math.Min(group, positions - row);
                if (fused)
                {
                    FusedConvRelu.Rows(this, state, row, rows, nngp, ntk, context);
                }
                else
                {
                    for (int r = row; r < row + rows; r++)
                        Box.Row(state, r, nngp.AsSpan(r * inner, inner), ntk is null ? Span<T>.Empty : ntk.AsSpan(r * inner, inner));
                }
                if (!ruleByRule) ApplyOps(nngp, ntk, row, rows, inner, state.Form, positions, context, fused ? 2 : 0);
            }
            state.ReleasePrepared();
            state.Replace(nngp, ntk, state.Form, positions);
            if (!ruleByRule) return;
        }
        else if (!ruleByRule)
        {
            int group = GroupRows(state.Inner);
            for (int row = 0; row < state.Outer; row += group)
                ApplyOps(state.Nngp, state.Ntk, row, Math.Min(group, state.Outer - row), state.Inner, state.Form, state.Positions, context);
            return;
        }
        foreach (var op in Ops)
        {
            if (op is DualOpBase<T> dual) RecordDiagonal(state, dual.Index, context);
            for (int row = 0; row < state.Outer; row++)
                op.Apply(state.NngpRow(row), state.NtkRow(row), row, 1, state.Inner, state.Form, state.Positions, context);
        }
    }

    /// <summary>Rows handled together: enough values (about 2 048) that a rule's fixed cost per call is small, few enough to stay in the L1 cache.</summary>
    private static int GroupRows(int inner) => Math.Max(1, 2048 / Math.Max(1, inner));

    /// <summary>The rules from <paramref name="first"/> on, over a group of rows.</summary>
    private void ApplyOps(T[] nngp, T[]? ntk, int row, int rows, int inner, SpatialForm form, int positions, PlanContext<T> context, int first = 0)
    {
        var nngpRows = nngp.AsSpan(row * inner, rows * inner);
        var ntkRows = ntk is null ? Span<T>.Empty : ntk.AsSpan(row * inner, rows * inner);
        for (int k = first; k < Ops.Count; k++) Ops[k].Apply(nngpRows, ntkRows, row, rows, inner, form, positions, context);
    }

    /// <summary>The same-position entries of an item's own full covariance: the variances the nonlinearity reads.</summary>
    private static void RecordDiagonal(PairState<T> state, int dual, PlanContext<T> context)
    {
        var table = context.Rows[dual];
        int first = context.Rows.Index(dual, context.RowItem, 0);
        for (int p = 0; p < state.Positions; p++) table[first + p] = state.Nngp[p * state.Positions + p];
    }
}
