using System.Buffers;
using System.Numerics;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Rules;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// A box filter over the positions, one output row at a time: Conv's joint filter (the same window offset on both
/// items) and pooling's independent one (every pair of offsets, full form only). With the pair axis innermost the
/// diagonal form's filter is a sum of whole rows; the full form's joint filter is a sum of shifted rows.
/// </summary>
internal sealed class BoxOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly BoxTaps<T> _taps;
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
        _scale = T.CreateTruncating(scale);
    }

    /// <summary>The layer this filter comes from.</summary>
    public string Name { get; }

    /// <summary>The output's spatial axes.</summary>
    public int[] OutDims { get; }

    /// <summary>Output positions.</summary>
    public int OutSize => _taps.OutSize;

    /// <summary>Writes output row <paramref name="row"/> of <paramref name="input"/> (in its form) into the two targets.</summary>
    public void Row(PairState<T> input, int row, Span<T> nngp, Span<T> ntk)
    {
        RowOf(input.Nngp, input, row, nngp);
        if (input.Ntk is not null) RowOf(input.Ntk, input, row, ntk);
    }

    private void RowOf(T[] source, PairState<T> input, int row, Span<T> target)
    {
        target.Clear();
        int inner = input.Inner;
        if (input.Form != SpatialForm.Full)
        {
            // Diagonal: the pairs of a row are independent lanes; the filter sums whole input rows.
            for (int d = 0; d < _taps.Offsets; d++)
            {
                int r = _taps.Source(row, d);
                if (r >= 0) TensorPrimitives.Add<T>(target, source.AsSpan(r * inner, inner), target);
            }
        }
        else if (!_independent)
        {
            for (int d = 0; d < _taps.Offsets; d++)
            {
                int r = _taps.Source(row, d);
                if (r >= 0) AddMoved(source.AsSpan(r * inner, inner), _taps.Shifts[d], target);
            }
        }
        else
        {
            // Pooling: the row offsets summed first, then every column offset of that sum.
            var sum = ArrayPool<T>.Shared.Rent(inner);
            var rows = sum.AsSpan(0, inner);
            rows.Clear();
            for (int d = 0; d < _taps.Offsets; d++)
            {
                int r = _taps.Source(row, d);
                if (r >= 0) TensorPrimitives.Add<T>(rows, source.AsSpan(r * inner, inner), rows);
            }
            for (int d = 0; d < _taps.Offsets; d++) AddMoved(rows, _taps.Shifts[d], target);
            ArrayPool<T>.Shared.Return(sum);
        }
        TensorPrimitives.Multiply<T>(target, _scale, target);
    }

    /// <summary>target[o] += source[o + shift] (masked), or source[map[o]].</summary>
    private static void AddMoved(ReadOnlySpan<T> source, RowShift<T> shift, Span<T> target)
    {
        if (shift.Map is int[] map)
        {
            for (int o = 0; o < target.Length; o++)
                if (map[o] >= 0) target[o] += source[map[o]];
            return;
        }
        int count = shift.End - shift.First;
        if (count <= 0) return;
        var from = source.Slice(shift.First + shift.Shift, count);
        var to = target.Slice(shift.First, count);
        if (shift.Mask is T[] mask) TensorPrimitives.MultiplyAdd<T>(from, mask.AsSpan(shift.First, count), to, to);
        else TensorPrimitives.Add<T>(to, from, to);
    }
}
