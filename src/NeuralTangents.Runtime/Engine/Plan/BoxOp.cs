using System.Runtime.InteropServices;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Rules;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// A box filter over the positions, one output row at a time: Conv's joint filter (the same window offset on both
/// items) and pooling's independent one (every pair of offsets, full form only). With the pair axis innermost the
/// diagonal form's filter is a sum of whole rows; the full form's joint filter is a sum of shifted rows (the window
/// offsets that cross an edge of the image are taken out afterwards at the few positions where they wrapped).
/// </summary>
[SkipLocalsInit]
internal sealed class BoxOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly BoxTaps<T> _taps;
    private readonly SeparableBox<T>? _separable;
    private readonly bool _independent;
    private readonly T _scale;

    /// <param name="name">The layer's name.</param>
    /// <param name="geometry">The window.</param>
    /// <param name="outDims">The output's spatial axes.</param>
    /// <param name="independent">Pooling (every pair of offsets) rather than Conv (the same offset on both sides).</param>
    /// <param name="scale">The factor on the sum (1/|window| for Conv, its square for average pooling).</param>
    public BoxOp(string name, BoxGeometry geometry, int[] outDims, bool independent, double scale)
    {
        Name = name;
        _taps = new BoxTaps<T>(geometry);
        OutDims = outDims;
        _independent = independent;
        // Conv's joint filter on the full form, axis by axis where the window allows it.
        _separable = independent ? null : SeparableBox<T>.TryCreate(geometry);
        _scale = T.CreateTruncating(scale);
    }

    /// <summary>The layer this filter comes from.</summary>
    public string Name { get; }

    /// <summary>The output's spatial axes.</summary>
    public int[] OutDims { get; }

    /// <summary>Output positions.</summary>
    public int OutSize => _taps.OutSize;

    /// <summary>Whether this is pooling's independent filter (every pair of offsets) rather than Conv's joint one.</summary>
    public bool Independent => _independent;

    /// <summary>Offsets in the window (the most input positions an output position reads).</summary>
    public int Offsets => _taps.Offsets;

    /// <summary>The factor on the sum.</summary>
    public T Scale => _scale;

    /// <summary>The window (what the device passes of the plan read).</summary>
    public BoxGeometry Geometry => _taps.Geometry;

    /// <summary>The input positions output position <paramref name="row"/> sums in the diagonal form, in window order.</summary>
    public int[] SourcesOf(int row) => _taps.RowSources[row];

    /// <summary>
    /// Before the rows of a full-form state: the separable filter's inner passes for it (kept in <paramref name="input"/>
    /// until <see cref="PairState{T}.ReleasePrepared"/>, or until the state's buffers change). Nothing for the diagonal form or other filters.
    /// <see cref="Row"/> prepares by itself when this was not called.
    /// </summary>
    public void Prepare(PairState<T> input)
    {
        if (_separable is null || input.Form != SpatialForm.Full) return;
        input.ReleasePrepared();
        input.Prepared = (_separable.Prepare(input.Nngp), input.Ntk is null ? null : _separable.Prepare(input.Ntk));
    }


    /// <summary>
    /// Output entry (<paramref name="position"/>, <paramref name="position"/>) of a full-form <paramref name="source"/> (an
    /// item's own covariance): the window's sum over the same-position entries it reads, offsets in window order, times
    /// the scale — what a variance run records before a nonlinearity, without filtering the whole state first.
    /// </summary>
    public T DiagonalEntry(T[] source, int position)
    {
        int inner = _taps.InSize;
        T sum = T.Zero;
        for (int d = 0; d < _taps.Offsets; d++)
        {
            int a = _taps.Source(position, d);
            if (a < 0) continue;
            if (!_independent)
            {
                sum += source[(long)a * inner + a];
                continue;
            }
            for (int f = 0; f < _taps.Offsets; f++)
                if (_taps.Source(position, f) is var b && b >= 0) sum += source[(long)a * inner + b];
        }
        return sum * _scale;
    }

    /// <summary>Writes output row <paramref name="row"/> of <paramref name="input"/> (in its form) into the two targets.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Row(PairState<T> input, int row, Span<T> nngp, Span<T> ntk)
    {
        if (_separable is not null && input.Form == SpatialForm.Full)
        {
            // Prepared for this state's current buffers (by the caller, or here for a caller that did not).
            if (input.Prepared.Nngp?.Source != input.Nngp && _separable.NeedsPreparation) Prepare(input);
            _separable.Row(input.Nngp, input.Prepared.Nngp, row, nngp, _scale);
            if (input.Ntk is not null) _separable.Row(input.Ntk, input.Prepared.Ntk, row, ntk, _scale);
            return;
        }
        RowOf(input.Nngp, input, row, nngp);
        if (input.Ntk is not null) RowOf(input.Ntk, input, row, ntk);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void RowOf(T[] source, PairState<T> input, int row, Span<T> target)
    {
        int inner = input.Inner, offsets = _taps.Offsets;
        T** rows = stackalloc T*[offsets];
        fixed (T* from = source)
        fixed (T* to = target)
        {
            if (input.Form != SpatialForm.Full)
            {
                // Diagonal: the pairs of a row are independent lanes; the filter sums whole input rows, in one pass.
                var sources = _taps.RowSources[row];
                for (int s = 0; s < sources.Length; s++) rows[s] = from + (long)sources[s] * inner;
                Sum(rows, sources.Length, to, inner, _scale);
                return;
            }
            if (_independent)
            {
                Pooled(from, inner, row, target);
                return;
            }
            Shifted(from, inner, row, rows, to, target.Length);
        }
    }

    /// <summary>
    /// The full form's joint filter on one output row: Σ over window offsets of the input row it reads, shifted by the
    /// offset and masked where the shift wraps across an image edge. Where every offset has a constant shift the sum is
    /// one pass over their common range; the ends of the row and offsets without a constant shift (strides, circular or
    /// transposed windows) are added one offset at a time.
    /// </summary>
    private unsafe void Shifted(T* from, int inner, int row, T** rows, T* to, int length)
    {
        var target = new Span<T>(to, length);
        int offsets = _taps.Offsets, count = 0, first = 0, end = length;
        T** masks = stackalloc T*[offsets];
        for (int d = 0; d < offsets; d++)
        {
            var shift = _taps.Shifts[d];
            if (_taps.Source(row, d) is not (var r and >= 0) || shift.Map is not null || shift.End <= shift.First) continue;
            rows[count] = from + (long)r * inner + shift.Shift;
            // Masks live on the pinned object heap (BoxTaps), so their address is stable.
            masks[count] = shift.Mask is T[] mask ? (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(mask)) : null;
            count++;
            first = Math.Max(first, shift.First);
            end = Math.Min(end, shift.End);
        }
        if (end <= first) first = end = 0;
        // The common range in one pass; the ends, where fewer offsets reach, one offset at a time.
        SumMasked(rows, masks, count, first, to, end - first);
        target[..first].Clear();
        target[end..].Clear();
        for (int d = 0; d < offsets; d++)
        {
            if (_taps.Source(row, d) is not (var r and >= 0)) continue;
            var shift = _taps.Shifts[d];
            var input = new ReadOnlySpan<T>(from + (long)r * inner, inner);
            if (shift.Map is int[] map)
            {
                for (int o = 0; o < length; o++)
                    if (map[o] >= 0) target[o] += input[map[o]];
                continue;
            }
            if (shift.End <= shift.First) continue;
            AddRange(input, shift, target, shift.First, Math.Min(first, shift.End));
            AddRange(input, shift, target, Math.Max(end, shift.First), shift.End);
        }
        TensorPrimitives.Multiply<T>(target, _scale, target);
    }

    /// <summary>target[o] += input[o + shift] (times the mask) for o in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    private static void AddRange(ReadOnlySpan<T> input, RowShift<T> shift, Span<T> target, int from, int to)
    {
        if (to <= from) return;
        var source = input.Slice(from + shift.Shift, to - from);
        var range = target[from..to];
        if (shift.Mask is T[] mask) TensorPrimitives.MultiplyAdd<T>(source, mask.AsSpan(from, to - from), range, range);
        else TensorPrimitives.Add<T>(range, source, range);
    }

    /// <summary>
    /// to[k] = Σₛ rows[s][first + k]·masks[s][first + k] (no mask: 1) for k &lt; <paramref name="length"/>, in one pass:
    /// four independent sums at a time, each value loaded once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SumMasked(T** rows, T** masks, int count, int first, T* to, int length)
    {
        bool anyMask = false;
        for (int s = 0; s < count; s++)
        {
            rows[s] += first;
            if (masks[s] != null)
            {
                masks[s] += first;
                anyMask = true;
            }
        }
        if (!anyMask)
        {
            Sum(rows, count, to + first, length, T.One);
            return;
        }
        int width = Vector512<T>.Count, k = 0;
        T* target = to + first;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; k + 2 * width <= length; k += 2 * width)
            {
                Vector512<T> s0 = Vector512<T>.Zero, s1 = Vector512<T>.Zero, t0 = Vector512<T>.Zero, t1 = Vector512<T>.Zero;
                for (int s = 0; s < count; s++)
                {
                    T* p = rows[s] + k;
                    if (masks[s] == null)
                    {
                        s0 += Vector512.Load(p);
                        s1 += Vector512.Load(p + width);
                    }
                    else
                    {
                        t0 += Vector512.Load(p) * Vector512.Load(masks[s] + k);
                        t1 += Vector512.Load(p + width) * Vector512.Load(masks[s] + k + width);
                    }
                }
                (s0 + t0).Store(target + k);
                (s1 + t1).Store(target + k + width);
            }
        }
        for (; k < length; k++)
        {
            T sum = T.Zero;
            for (int s = 0; s < count; s++) sum += masks[s] == null ? rows[s][k] : rows[s][k] * masks[s][k];
            target[k] = sum;
        }
    }

    /// <summary>Pooling on one output row: the row offsets summed first, then every column offset of that sum.</summary>
    private unsafe void Pooled(T* from, int inner, int row, Span<T> target)
    {
        var buffer = ArrayPool<T>.Shared.Rent(inner);
        var sum = buffer.AsSpan(0, inner);
        sum.Clear();
        for (int d = 0; d < _taps.Offsets; d++)
            if (_taps.Source(row, d) is var r && r >= 0) TensorPrimitives.Add<T>(sum, new ReadOnlySpan<T>(from + (long)r * inner, inner), sum);
        target.Clear();
        for (int d = 0; d < _taps.Offsets; d++)
        {
            var shift = _taps.Shifts[d];
            if (shift.Map is int[] map)
            {
                for (int o = 0; o < target.Length; o++)
                    if (map[o] >= 0) target[o] += sum[map[o]];
                continue;
            }
            AddRange(sum, shift, target, shift.First, shift.End);
        }
        TensorPrimitives.Multiply<T>(target, _scale, target);
        ArrayPool<T>.Shared.Return(buffer);
    }

    /// <summary>
    /// to[k] = scale · Σₛ rows[s][k] for k &lt; <paramref name="length"/>: each value loaded once per row and stored once,
    /// four independent sums at a time (one sum's adds depend on each other; four keep the adders busy).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Sum(T** rows, int count, T* to, int length, T scale)
    {
        int width = Vector512<T>.Count, k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var factor = Vector512.Create(scale);
            for (; k + 4 * width <= length; k += 4 * width)
            {
                Vector512<T> s0 = Vector512<T>.Zero, s1 = Vector512<T>.Zero, s2 = Vector512<T>.Zero, s3 = Vector512<T>.Zero;
                for (int s = 0; s < count; s++)
                {
                    T* p = rows[s] + k;
                    s0 += Vector512.Load(p);
                    s1 += Vector512.Load(p + width);
                    s2 += Vector512.Load(p + 2 * width);
                    s3 += Vector512.Load(p + 3 * width);
                }
                (s0 * factor).Store(to + k);
                (s1 * factor).Store(to + k + width);
                (s2 * factor).Store(to + k + 2 * width);
                (s3 * factor).Store(to + k + 3 * width);
            }
            for (; k + width <= length; k += width)
            {
                var sum = Vector512<T>.Zero;
                for (int s = 0; s < count; s++) sum += Vector512.Load(rows[s] + k);
                (sum * factor).Store(to + k);
            }
        }
        if (k >= length) return;
        if (Vector512.IsHardwareAccelerated && length >= width)
        {
            // The last vector again, overlapping the ones before: the same sums in the same order, so the overlap is
            // written with the values it already holds (a call of the library's adds per row costs more for a few lanes).
            k = length - width;
            var sum = Vector512<T>.Zero;
            for (int s = 0; s < count; s++) sum += Vector512.Load(rows[s] + k);
            (sum * Vector512.Create(scale)).Store(to + k);
            return;
        }
        // The rest (and everything without AVX-512) through the library's vector adds.
        var rest = new Span<T>(to + k, length - k);
        rest.Clear();
        for (int s = 0; s < count; s++) TensorPrimitives.Add<T>(rest, new ReadOnlySpan<T>(rows[s] + k, length - k), rest);
        if (scale != T.One) TensorPrimitives.Multiply<T>(rest, scale, rest);
    }
}
