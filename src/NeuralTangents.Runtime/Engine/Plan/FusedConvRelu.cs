using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NeuralTangents.Layers.Elementwise.Activations;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// Conv's box filter, its affine map and an arc-cosine nonlinearity (Relu, LeakyRelu, Abs, ABRelu) in one pass over
/// sixteen float32 pairs at a time, for the diagonal form of a cross run: the filtered nngp and ntk of a vector never
/// leave the registers before the dual has been applied. Each step is the arithmetic of the separate rules
/// (<see cref="BoxOp{T}"/>'s sum, <see cref="AffineOp{T}"/>'s double-precision map rounded once,
/// <see cref="SingleLaneRelu"/>), in the same order, so the result is the same to the bit; only the stores and loads
/// between them and the per-row calls are gone. This is the most common segment of a CNN and most of its time.
/// </summary>
[SkipLocalsInit]
internal static class FusedConvRelu
{
    /// <summary>
    /// Whether <paramref name="segment"/>'s filter and first two rules run fused on this state: float32 with AVX-512, a
    /// cross run (not a variance run) on float32 lanes in the diagonal form with at least one vector of pairs, Conv's
    /// joint filter followed by its affine map in the NTK parameterization and an arc-cosine dual.
    /// </summary>
    public static bool Applies<T>(SegmentNode<T> segment, PairState<T> state, PlanContext<T> context) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) && Vector512.IsHardwareAccelerated && HostLaneWidth.EightLanes
        && context.FusedPasses && (!context.Recording || state.Form == SpatialForm.Full) && context.SingleLanes
        && (state.Form == SpatialForm.Diagonal && state.Lanes >= 16 || state.Form == SpatialForm.Full && segment.Box?.OutSize >= 16)
        && segment.Box is { Independent: false } && segment.Ops.Count >= 2
        && segment.Ops[0] is AffineOp<T> { Standard: false } && segment.Ops[1] is DualOpBase<T> { ArcCosine: not null };

    /// <summary>
    /// Output rows [<paramref name="row"/>, <paramref name="row"/> + <paramref name="rows"/>) of the segment's filter,
    /// affine map and dual, from <paramref name="input"/> into <paramref name="nngp"/>/<paramref name="ntk"/> (null: NNGP only).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Rows<T>(SegmentNode<T> segment, PairState<T> input, int row, int rows, T[] nngp, T[]? ntk, PlanContext<T> context)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var box = segment.Box!;
        var affine = (AffineOp<T>)segment.Ops[0];
        var dual = (DualOpBase<T>)segment.Ops[1];
        var relu = dual.ArcCosine!.Value;
        float k = (float)((relu.A - relu.B) * (relu.A - relu.B) / (2 * Math.PI)), half = (float)((relu.A * relu.A + relu.B * relu.B) / 2);
        var rowTable = context.Rows[dual.Index];
        var colTable = context.Cols[dual.Index];
        if (input.Form == SpatialForm.Full)
        {
            FullRows(segment, input, row, rows, nngp, ntk, context, affine, dual.Index, relu, k, half);
            return;
        }
        int inner = input.Lanes;
        // Where the row item meets itself (x2 is x1): its lane, the same in every row of the block.
        int self = context.SameItems && context.RowItem - context.ColItem is var lane && lane >= 0 && lane < inner ? context.RowItem - context.ColItem : -1;
        float** kRows = stackalloc float*[box.Offsets];
        float** tRows = stackalloc float*[box.Offsets];
        fixed (T* kFrom = input.Nngp)
        fixed (T* tFrom = input.Ntk)
        fixed (T* kTo = nngp)
        fixed (T* tTo = ntk)
        fixed (T* q1Table = rowTable)
        fixed (T* q2Table = colTable)
        {
            for (int p = row; p < row + rows; p++)
            {
                var sources = box.SourcesOf(p);
                for (int s = 0; s < sources.Length; s++)
                {
                    kRows[s] = (float*)kFrom + (long)sources[s] * inner;
                    tRows[s] = tFrom == null ? null : (float*)tFrom + (long)sources[s] * inner;
                }
                float q1 = *(float*)(q1Table + context.Rows.Index(dual.Index, context.RowItem, p));
                float* q2 = (float*)(q2Table + context.Cols.Index(dual.Index, context.ColItem, p));
                float* kOut = (float*)kTo + (long)p * inner;
                float* tOut = tTo == null ? null : (float*)tTo + (long)p * inner;
                Row(kRows, tRows, sources.Length, float.CreateTruncating(box.Scale), affine.WeightVariance, affine.BiasVariance, k, half, q1, q2, self, inner, kOut, tOut);
                // The item against itself at this position: T_d of its variance, as the separate dual sets it.
                if (self >= 0) kOut[self] = (float)relu.Variance(q1);
            }
        }
    }

    /// <summary>
    /// Σₛ rows[s][at…at + 15], added in window order from zero as <see cref="BoxOp{T}"/> adds them (three rows a step:
    /// the same additions in the same order, with a third of the loop's own instructions).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<float> WindowSum(float** rows, int count, int at)
    {
        var sum = Vector512<float>.Zero;
        int s = 0;
        for (; s + 3 <= count; s += 3) sum = sum + Vector512.Load(rows[s] + at) + Vector512.Load(rows[s + 1] + at) + Vector512.Load(rows[s + 2] + at);
        for (; s < count; s++) sum += Vector512.Load(rows[s] + at);
        return sum;
    }

    /// <summary>
    /// The full form (one pair, the column item's positions in the lanes): each output row is filtered as
    /// <see cref="BoxOp{T}"/> does (shifted, masked rows), then the affine map and the dual run in one pass over it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void FullRows<T>(SegmentNode<T> segment, PairState<T> input, int row, int rows, T[] nngp, T[]? ntk, PlanContext<T> context,
        AffineOp<T> affine, int dual, ABReluActivation relu, float k, float half) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var box = segment.Box!;
        int inner = box.OutSize;
        fixed (T* kTo = nngp)
        fixed (T* tTo = ntk)
        fixed (T* q1Table = context.Rows[dual])
        fixed (T* q2Table = context.Cols[dual])
        {
            float* q2 = (float*)(q2Table + context.Cols.Index(dual, context.ColItem, 0));
            for (int p = row; p < row + rows; p++)
            {
                box.Row(input, p, nngp.AsSpan(p * inner, inner), ntk is null ? Span<T>.Empty : ntk.AsSpan(p * inner, inner));
                float q1 = *(float*)(q1Table + context.Rows.Index(dual, context.RowItem, p));
                // The item against itself (x2 is x1) meets itself at this row's own position.
                int self = context.SameItems && context.RowItem == context.ColItem ? p : -1;
                float* kRow = (float*)kTo + (long)p * inner;
                float* tRow = tTo == null ? null : (float*)tTo + (long)p * inner;
                AffineDual(kRow, tRow, affine.WeightVariance, affine.BiasVariance, k, half, q1, q2, self, inner);
                if (self >= 0) kRow[self] = (float)relu.Variance(q1);
            }
        }
    }

    /// <summary>The affine map and the dual in place over a filtered row, sixteen entries at a time (the rest through a padded vector).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void AffineDual(float* kRow, float* tRow, double w2, double b2, float k, float half, float q1, float* q2, int self, int inner)
    {
        var (weight, bias) = (Vector512.Create(w2), Vector512.Create(b2));
        var rowVariance = Vector512.Create(q1);
        bool withNtk = tRow != null;
        int at = 0;
        for (; at + 16 <= inner; at += 16)
        {
            var entry = AffineDualVector(Vector512.Load(kRow + at), withNtk ? Vector512.Load(tRow + at) : default, weight, bias, k, half, rowVariance,
                Vector512.Load(q2 + at), self - at, withNtk);
            entry.Nngp.Store(kRow + at);
            if (withNtk) entry.Ntk.Store(tRow + at);
        }
        if (at == inner) return;
        // In place, an overlapping last vector would apply the rules twice: the rest goes through a padded vector.
        int rest = inner - at;
        float* kTail = stackalloc float[16], tTail = stackalloc float[16], qTail = stackalloc float[16];
        for (int lane = 0; lane < 16; lane++)
        {
            kTail[lane] = lane < rest ? kRow[at + lane] : 0;
            tTail[lane] = lane < rest && withNtk ? tRow[at + lane] : 0;
            qTail[lane] = lane < rest ? q2[at + lane] : 1;
        }
        var last = AffineDualVector(Vector512.Load(kTail), Vector512.Load(tTail), weight, bias, k, half, rowVariance, Vector512.Load(qTail), self - at, withNtk);
        for (int lane = 0; lane < rest; lane++)
        {
            kRow[at + lane] = last.Nngp.GetElement(lane);
            if (withNtk) tRow[at + lane] = last.Ntk.GetElement(lane);
        }
    }

    /// <summary>
    /// K ← σw²·K + σb² and Θ ← K' + σw²·Θ in double, rounded once (<see cref="AffineOp{T}"/>'s arithmetic), the entry at
    /// lane <paramref name="selfLane"/> (if in 0…15) set to the row item's variance, then the dual.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Nngp, Vector512<float> Ntk) AffineDualVector(Vector512<float> nngp, Vector512<float> ntk, Vector512<double> weight,
        Vector512<double> bias, float k, float half, Vector512<float> rowVariance, Vector512<float> q2, int selfLane, bool withNtk)
    {
        nngp = Vector512.Narrow(weight * Vector512.WidenLower(nngp) + bias, weight * Vector512.WidenUpper(nngp) + bias);
        if (withNtk)
            ntk = Vector512.Narrow(Vector512.WidenLower(nngp) + weight * Vector512.WidenLower(ntk), Vector512.WidenUpper(nngp) + weight * Vector512.WidenUpper(ntk));
        // The item against itself sits at ρ = 1: its entry is made equal to its variance before the dual (see DualOp).
        if ((uint)selfLane < 16u)
            nngp = Vector512.ConditionalSelect(Vector512.Equals(Vector512<int>.Indices, Vector512.Create(selfLane)).AsSingle(), rowVariance, nngp);
        return SingleLaneRelu.ABRelu(k, half, nngp, ntk, rowVariance, q2);
    }

    /// <summary>One output row: every vector of sixteen pairs, the last one overlapping the one before when the lanes are not a multiple of sixteen.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Row(float** kRows, float** tRows, int count, float scale, double w2, double b2, float k, float half, float q1, float* q2,
        int self, int inner, float* kOut, float* tOut)
    {
        var factor = Vector512.Create(scale);
        var (weight, bias) = (Vector512.Create(w2), Vector512.Create(b2));
        var rowVariance = Vector512.Create(q1);
        bool withNtk = tOut != null;
        int start = 0;
        // Two vectors a step where whole pairs of them fit: each dual is one long dependency chain, two independent ones
        // keep the core busy (as DualOp's rows do).
        for (; start + 32 <= inner; start += 32)
        {
            var first = AffineDualVector(WindowSum(kRows, count, start) * factor, withNtk ? WindowSum(tRows, count, start) * factor : Vector512<float>.Zero,
                weight, bias, k, half, rowVariance, Vector512.Load(q2 + start), self - start, withNtk);
            var second = AffineDualVector(WindowSum(kRows, count, start + 16) * factor,
                withNtk ? WindowSum(tRows, count, start + 16) * factor : Vector512<float>.Zero,
                weight, bias, k, half, rowVariance, Vector512.Load(q2 + start + 16), self - start - 16, withNtk);
            first.Nngp.Store(kOut + start);
            second.Nngp.Store(kOut + start + 16);
            if (!withNtk) continue;
            first.Ntk.Store(tOut + start);
            second.Ntk.Store(tOut + start + 16);
        }
        for (; start < inner; start += 16)
        {
            // Recomputing the overlap gives the values already stored: the inputs are another buffer.
            int at = Math.Min(start, inner - 16);
            Vector512<float> nngp = Vector512<float>.Zero, ntk = Vector512<float>.Zero;
            nngp = WindowSum(kRows, count, at) * factor;
            if (withNtk) ntk = WindowSum(tRows, count, at) * factor;
            var entry = AffineDualVector(nngp, ntk, weight, bias, k, half, rowVariance, Vector512.Load(q2 + at), self - at, withNtk);
            entry.Nngp.Store(kOut + at);
            if (withNtk) entry.Ntk.Store(tOut + at);
        }
    }
}
