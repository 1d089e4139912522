using System.Runtime.CompilerServices;
using System.Numerics;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// A box filter (optional) and the pointwise rules after it, fused: each output row is filtered and then carried
/// through every pointwise rule while it is in the cache, so the state is read and written once per segment.
/// In a full-form variance run a nonlinearity needs the diagonal of the item's own covariance before it: the segment
/// first computes that diagonal alone (the filter at the same-position entries, then the rules on it), records what
/// every nonlinearity reads, and then runs as a cross run does.
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
        if (context.Recording && state.Form == SpatialForm.Full && Ops.Any(o => o is DualOpBase<T>)) RecordDiagonals(state, context);
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
                ApplyOps(nngp, ntk, row, rows, inner, state.Form, positions, context, fused ? 2 : 0);
            }
            state.ReleasePrepared();
            state.Replace(nngp, ntk, state.Form, positions);
            return;
        }
        int rowGroup = GroupRows(state.Inner);
        for (int row = 0; row < state.Outer; row += rowGroup)
            ApplyOps(state.Nngp, state.Ntk, row, Math.Min(rowGroup, state.Outer - row), state.Inner, state.Form, state.Positions, context);
    }

    /// <summary>
    /// A full-form variance run's same-position entries after the filter, carried through the rules (T_d at every
    /// nonlinearity, as its self lane gives), with each nonlinearity's input recorded in its variance table: then the
    /// segment's passes find every variance they read, as in a cross run.
    /// </summary>
    private void RecordDiagonals(PairState<T> state, PlanContext<T> context)
    {
        int positions = Box?.OutSize ?? state.Positions;
        var buffer = System.Buffers.ArrayPool<T>.Shared.Rent(positions);
        var diagonal = buffer.AsSpan(0, positions);
        for (int p = 0; p < positions; p++) diagonal[p] = Box is null ? state.Nngp[(long)p * state.Positions + p] : Box.DiagonalEntry(state.Nngp, p);
        foreach (var op in Ops)
        {
            if (op is DualOpBase<T> dual)
            {
                var table = context.Rows[dual.Index];
                diagonal.CopyTo(table.AsSpan(context.Rows.Index(dual.Index, context.RowItem, 0), positions));
                for (int p = 0; p < positions; p++) diagonal[p] = T.CreateTruncating(dual.Variance(double.CreateTruncating(diagonal[p])));
            }
            else
            {
                // An affine rule on the diagonal's values alone (no NTK in a variance run).
                op.Apply(diagonal, Span<T>.Empty, 0, 1, positions, SpatialForm.Diagonal, positions, context);
            }
        }
        System.Buffers.ArrayPool<T>.Shared.Return(buffer);
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
}
