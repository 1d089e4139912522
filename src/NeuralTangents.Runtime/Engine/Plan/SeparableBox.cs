using System.Buffers;
using System.Numerics;
using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// Conv's joint filter on the full form (one pair: rows are the first item's positions, the inner axis the second
/// item's), one spatial axis at a time. The same window offset moves both items, and without strides, wrapping or
/// transposition an offset is valid exactly when it is valid along every axis, so the sum over a k0×k1×k2 window is
/// a sum over k2 offsets, then k1, then k0: k0 + k1 + k2 shifted adds per output instead of k0·k1·k2 (6 instead of
/// 9 for 3×3, 9 instead of 27 for 3×3×3). Every axis but the outermost of the window runs over the whole state once
/// per filter (<see cref="Prepare"/>); the outermost runs row by row (<see cref="Row"/>) as the pass after it consumes
/// them. Applies to stride-1 windows whose output has the input's size (SAME padding, or a window of 1).
/// </summary>
internal sealed class SeparableBox<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _sizes, _windows, _pads, _strides;
    private readonly int _positions, _outer;
    /// <summary>The axes inside the outermost one with a window wider than 1, innermost last (their passes run before the rows).</summary>
    private readonly int[] _inner;
    /// <summary>Per axis and window offset, 1 where the shifted position stays inside the axis and 0 where it leaves it (null: no axis pass).</summary>
    private readonly T[][]?[] _masks;

    private SeparableBox(BoxGeometry geometry)
    {
        _sizes = new[] { geometry.Out0, geometry.Out1, geometry.Out2 };
        _windows = new[] { geometry.Win0, geometry.Win1, geometry.Win2 };
        _pads = new[] { geometry.Pad0, geometry.Pad1, geometry.Pad2 };
        _strides = new[] { geometry.Out1 * geometry.Out2, geometry.Out2, 1 };
        _positions = geometry.OutSize;
        // The outermost axis with a window wider than 1 runs row by row; with none, the filter is the identity.
        _outer = Array.FindIndex(_windows, w => w > 1);
        _inner = _outer < 0 ? Array.Empty<int>() : Enumerable.Range(_outer + 1, 2 - _outer).Where(a => _windows[a] > 1).ToArray();
        _masks = new T[3][][];
        for (int axis = 0; axis < 3; axis++)
        {
            if (_windows[axis] == 1) continue;
            _masks[axis] = new T[_windows[axis]][];
            for (int d = 0; d < _windows[axis]; d++)
            {
                // Pinned once (the pinned object heap): the row passes read it through a pointer.
                var mask = GC.AllocateArray<T>(_positions, pinned: true);
                for (int o = 0; o < _positions; o++)
                {
                    int index = o / _strides[axis] % _sizes[axis] + d - _pads[axis];
                    mask[o] = index >= 0 && index < _sizes[axis] ? T.One : T.Zero;
                }
                _masks[axis]![d] = mask;
            }
        }
    }

    /// <summary>The separable form of <paramref name="geometry"/>, or null when it has strides, wrapping, transposition or a size change.</summary>
    public static SeparableBox<T>? TryCreate(BoxGeometry geometry)
    {
        if (geometry.Circular != 0 || geometry.Transposed != 0) return null;
        if (geometry.Stride0 != 1 || geometry.Stride1 != 1 || geometry.Stride2 != 1) return null;
        if (geometry.In0 != geometry.Out0 || geometry.In1 != geometry.Out1 || geometry.In2 != geometry.Out2) return null;
        // Each window must hold the unshifted offset (what Row starts from).
        if (geometry.Pad0 >= geometry.Win0 || geometry.Pad1 >= geometry.Win1 || geometry.Pad2 >= geometry.Win2) return null;
        if (geometry.Pad0 < 0 || geometry.Pad1 < 0 || geometry.Pad2 < 0) return null;
        return new SeparableBox<T>(geometry);
    }

    /// <summary>
    /// The passes along every axis but the outermost for the rows of <paramref name="source"/> (positions × positions),
    /// for <see cref="Row"/>; null when there are none (the outermost axis is the only one with a window). With one such
    /// axis its rows are computed as the outer pass first needs them and kept in a ring of the rows the outer window
    /// spans (in the L2 cache, where a whole state would not be); with two (3-D windows) they run over the whole state.
    /// The state returns the buffer to the pool (<see cref="PairState{T}.ReleasePrepared"/>).
    /// </summary>
    public PassRows<T>? Prepare(T[] source)
    {
        if (!NeedsPreparation) return null;
        if (_inner.Length == 1)
        {
            int span = (_windows[_outer] - 1) * _strides[_outer] + 1;
            return new PassRows<T>(source, _inner[0], ArrayPool<T>.Shared.Rent(span * _positions), span);
        }
        T[]? current = null;
        foreach (int axis in _inner.Reverse())
        {
            var next = ArrayPool<T>.Shared.Rent(_positions * _positions);
            var from = current ?? source;
            for (int row = 0; row < _positions; row++) AxisRow(axis, from, 0, row, next.AsSpan(row * _positions, _positions), T.One);
            if (current is not null) ArrayPool<T>.Shared.Return(current);
            current = next;
        }
        return new PassRows<T>(source, -1, current!, _positions) { Computed = _positions - 1 };
    }

    /// <summary>Whether <see cref="Prepare"/> has inner passes to run (else it returns null).</summary>
    public bool NeedsPreparation => _inner.Length > 0;

    /// <summary>
    /// Output row <paramref name="row"/> (rows in increasing order for each prepared state): the outermost axis's pass
    /// over the prepared rows (or the state itself), times <paramref name="scale"/>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Row(T[] source, PassRows<T>? prepared, int row, Span<T> target, T scale)
    {
        if (_outer < 0)
        {
            source.AsSpan(row * _positions, _positions).CopyTo(target);
            if (scale != T.One) RowArithmetic<T>.Scale(target, scale);
        }
        else if (prepared is null) AxisRow(_outer, source, 0, row, target, scale);
        else
        {
            if (prepared.Axis >= 0)
            {
                // The inner pass's rows up to the last one this row's window reads, each once, into the ring (from the
                // first one again when the rows are asked for out of order and the ring no longer holds them).
                int first = Math.Max(0, row - _pads[_outer] * _strides[_outer]);
                int last = Math.Min(_positions - 1, row + (_windows[_outer] - 1 - _pads[_outer]) * _strides[_outer]);
                if (first <= prepared.Computed - prepared.Slots || first > prepared.Computed + 1) prepared.Computed = first - 1;
                for (int r = prepared.Computed + 1; r <= last; r++)
                    AxisRow(prepared.Axis, source, 0, r, prepared.Rows.AsSpan(r % prepared.Slots * _positions, _positions), T.One);
                prepared.Computed = Math.Max(prepared.Computed, last);
            }
            AxisRow(_outer, prepared.Rows, prepared.Axis >= 0 ? prepared.Slots : 0, row, target, scale);
        }
    }

    /// <summary>
    /// One row of the pass along <paramref name="axis"/>, times <paramref name="scale"/>: target[o2] = Σ_d
    /// from[row + s·d'][o2 + s·d']·mask_d[o2] over the offsets d' = d − pad that keep the row's own position inside the
    /// axis (s: the axis's stride in positions), the unshifted offset first and the others in window order. The
    /// outermost axis needs no mask: its shifted positions leave the range of positions exactly where they leave the axis.
    /// Positions where the same offsets are valid are summed in one pass (<see cref="RowArithmetic{T}.Sum"/>): for a
    /// window of 3 the ends of the row where one shifted offset falls outside, and everything between.
    /// </summary>
    /// <param name="axis">The axis.</param>
    /// <param name="from">The rows the pass reads: the state, or a ring of <paramref name="ring"/> rows (row r in slot r mod ring; 0: not a ring).</param>
    /// <param name="ring">Slots of the ring, or 0.</param>
    /// <param name="row">The output row.</param>
    /// <param name="target">Where it goes.</param>
    /// <param name="scale">The factor on the sum.</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private unsafe void AxisRow(int axis, T[] from, int ring, int row, Span<T> target, T scale)
    {
        int stride = _strides[axis], rowIndex = row / stride % _sizes[axis], window = _windows[axis];
        // Per valid offset: where its source row starts (so that index o2 reads the shifted position), its mask, and the
        // positions o2 it reaches. The unshifted offset comes first: it is in every window here (the output has the
        // input's size) and valid for every position.
        T** sources = stackalloc T*[window];
        T** masks = stackalloc T*[window];
        int* firsts = stackalloc int[window];
        int* ends = stackalloc int[window];
        T** active = stackalloc T*[window];
        T** activeMasks = stackalloc T*[window];
        int* cuts = stackalloc int[2 * window + 2];
        fixed (T* fromBase = from)
        fixed (T* to = target)
        {
            int count = 0, cutCount = 0;
            for (int pass = 0; pass < 2; pass++)
            {
                for (int d = 0; d < window; d++)
                {
                    int offset = d - _pads[axis];
                    // The unshifted offset in the first pass, the others in window order in the second.
                    if ((offset == 0) != (pass == 0) || rowIndex + offset < 0 || rowIndex + offset >= _sizes[axis]) continue;
                    int shift = offset * stride;
                    int sourceRow = ring > 0 ? (row + shift) % ring : row + shift;
                    sources[count] = fromBase + (long)sourceRow * _positions + shift;
                    masks[count] = offset == 0 || axis == 0 ? null : (T*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _masks[axis]![d][0]);
                    firsts[count] = Math.Max(0, -shift);
                    ends[count] = Math.Min(_positions, _positions - shift);
                    cuts[cutCount++] = firsts[count];
                    cuts[cutCount++] = ends[count];
                    count++;
                }
            }
            cuts[cutCount++] = 0;
            cuts[cutCount++] = _positions;
            new Span<int>(cuts, cutCount).Sort();
            for (int c = 0; c + 1 < cutCount; c++)
            {
                int first = cuts[c], end = cuts[c + 1];
                if (end <= first) continue;
                int terms = 0;
                for (int t = 0; t < count; t++)
                {
                    if (firsts[t] > first || ends[t] < end) continue;
                    active[terms] = sources[t] + first;
                    activeMasks[terms] = masks[t] == null ? null : masks[t] + first;
                    terms++;
                }
                RowArithmetic<T>.Sum(to + first, end - first, active, activeMasks, terms, scale);
            }
        }
    }
}

/// <summary>
/// The rows of a separable filter's inner passes for one state: a ring of <see cref="Slots"/> rows (row r in slot
/// r mod <see cref="Slots"/>) filled as the outer pass needs them, or every row (<see cref="Axis"/> −1: computed up front).
/// </summary>
internal sealed class PassRows<T>(T[] source, int axis, T[] rows, int slots)
{
    /// <summary>The state the rows come from.</summary>
    public T[] Source { get; } = source;

    /// <summary>The inner axis computed row by row, or −1 when every row was computed up front.</summary>
    public int Axis { get; } = axis;

    /// <summary>The rows.</summary>
    public T[] Rows { get; } = rows;

    /// <summary>Rows the buffer holds.</summary>
    public int Slots { get; } = slots;

    /// <summary>The last row computed so far.</summary>
    public int Computed { get; set; } = -1;
}
