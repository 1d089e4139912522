using System.Numerics;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// The input covariances of a pair-major plan, K[p, p'] = ⟨x1ᵢ(p), x2ⱼ(p')⟩ / C, written straight into a state's
/// rows. The inputs (items × positions × channels) are transposed once so that the inner axis of every row is a
/// contiguous run: [position][channel][item] for the diagonal form (pairs of one row item with consecutive column
/// items), [item][channel][position] for the full form (the second item's positions).
/// </summary>
internal sealed class PairInputs<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _x;
    private readonly T[] _transposed;
    private readonly int _items, _positions, _channels;
    private readonly SpatialForm _form;
    private readonly T _scale;

    /// <summary>Without spatial axes, the whole input Gram (this input's items as columns) and the items' variances, from the BLAS; else null.</summary>
    private readonly T[]? _gram, _variances;
    private readonly int _gramColumns;

    private PairInputs(T[]? gram, int gramColumns, T[] variances, int items)
    {
        _x = _transposed = Array.Empty<T>();
        _gram = gram;
        _gramColumns = gramColumns;
        _variances = variances;
        _items = items;
        _positions = 1;
        _form = SpatialForm.None;
        _scale = T.One;
    }

    /// <summary>
    /// Inputs without spatial axes whose covariances come from a Gram computed once by the BLAS (<see cref="GramBlocks{T}"/>):
    /// <paramref name="gram"/> is rows × this input's <paramref name="items"/> (null for an input that is only ever the
    /// row side), <paramref name="variances"/> this input's own variances.
    /// </summary>
    public static PairInputs<T> FromGram(T[]? gram, T[] variances, int items) => new(gram, items, variances, items);

    public PairInputs(T[] x, int items, int positions, int channels, SpatialForm form)
    {
        _x = x;
        _items = items;
        _positions = positions;
        _channels = channels;
        _form = form;
        _scale = T.One / T.CreateTruncating(channels);
        _transposed = new T[(long)items * positions * channels];
        for (int i = 0; i < items; i++)
            for (int p = 0; p < positions; p++)
                for (int c = 0; c < channels; c++)
                    _transposed[form == SpatialForm.Full ? ((long)i * channels + c) * positions + p : ((long)p * channels + c) * items + i] =
                        x[((long)i * positions + p) * channels + c];
    }

    /// <summary>
    /// Fills <paramref name="state"/> with item <paramref name="row"/> of <paramref name="rows"/> against this input's
    /// items from <paramref name="first"/> (diagonal form: as many as the state's lanes; full form: that one item).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Cross(PairInputs<T> rows, int row, int first, PairState<T> state)
    {
        if (_variances is not null)
        {
            if (_gram is null) throw new InvalidOperationException("These inputs were made for the row side only (no Gram with them as columns).");
            _gram.AsSpan(checked((int)((long)row * _gramColumns + first)), state.Lanes).CopyTo(state.Nngp);
            state.Ntk?.AsSpan(0, state.Lanes).Clear();
            return;
        }
        int inner = state.Inner;
        for (int p = 0; p < _positions; p++)
        {
            var target = state.NngpRow(p);
            target.Clear();
            for (int c = 0; c < _channels; c++)
            {
                T x = rows._x[((long)row * _positions + p) * _channels + c];
                RowArithmetic<T>.MultiplyAdd(target, Run(first, p, c, inner), x);
            }
            RowArithmetic<T>.Scale(target, _scale);
        }
        state.Ntk?.AsSpan(0, state.Outer * inner).Clear();
    }

    /// <summary>Fills a diagonal-form <paramref name="state"/> with the own variances of the items from <paramref name="first"/>, one per lane.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void OwnDiagonal(int first, PairState<T> state)
    {
        if (_variances is not null)
        {
            _variances.AsSpan(first, state.Lanes).CopyTo(state.Nngp);
            return;
        }
        for (int p = 0; p < _positions; p++)
        {
            var target = state.NngpRow(p);
            target.Clear();
            for (int c = 0; c < _channels; c++)
            {
                var run = Run(first, p, c, state.Lanes);
                RowArithmetic<T>.MultiplyAdd(target, run, run);
            }
            RowArithmetic<T>.Scale(target, _scale);
        }
    }

    private ReadOnlySpan<T> Run(int first, int position, int channel, int count) => _form == SpatialForm.Full
        ? _transposed.AsSpan((int)(((long)first * _channels + channel) * _positions), _positions)
        : _transposed.AsSpan((int)(((long)position * _channels + channel) * _items + first), count);
}
