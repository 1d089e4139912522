using System.Numerics;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// The tangents of the input covariances with respect to the features of the row items (x1), one tangent per feature
/// (position p0, channel c0; tangent m = p0·C + c0, the order of an item's values). With K[p, p'] = Σ_c x1(p, c)·x2(p', c)/C,
/// ∂K[p, p']/∂x1(p0, c0) = δ(p, p0)·x2(p', c0)/C; an item's own covariance moves on both sides, so its same-position
/// variance gets 2·x1(p0, c0)/C at p0.
/// </summary>
internal sealed class InputSeeds<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _x1, _x2;
    private readonly int _positions, _channels;
    private readonly SpatialForm _form;
    private readonly T _scale;

    /// <param name="x1">The row items, items × positions × channels.</param>
    /// <param name="x2">The column items, laid out the same way.</param>
    /// <param name="positions">Positions per item (1 without spatial axes).</param>
    /// <param name="channels">Channels per position (all features without spatial axes).</param>
    /// <param name="form">The input covariance's form.</param>
    public InputSeeds(T[] x1, T[] x2, int positions, int channels, SpatialForm form)
    {
        _x1 = x1;
        _x2 = x2;
        _positions = positions;
        _channels = channels;
        _form = form;
        _scale = T.One / T.CreateTruncating(channels);
    }

    /// <summary>Tangents: one per feature of an item.</summary>
    public int Count => _positions * _channels;

    /// <summary>The tangents of the own covariances of the row items from <paramref name="first"/> (one item in the full form).</summary>
    public void Own(int first, PairState<T>[] tangents)
    {
        for (int m = 0; m < tangents.Length; m++)
        {
            int p0 = m / _channels, c0 = m % _channels;
            var t = tangents[m].Nngp;
            if (_form == SpatialForm.Full)
            {
                // Row p0 and column p0 of the item's own covariance (their crossing twice).
                for (int p = 0; p < _positions; p++)
                {
                    T value = X(_x1, first, p, c0) * _scale;
                    t[p0 * _positions + p] += value;
                    t[p * _positions + p0] += value;
                }
                continue;
            }
            int lanes = tangents[m].Inner;
            for (int lane = 0; lane < lanes; lane++) t[p0 * lanes + lane] = (T.One + T.One) * X(_x1, first + lane, p0, c0) * _scale;
        }
    }

    /// <summary>The tangents of row item <paramref name="row"/> against the column items from <paramref name="first"/>.</summary>
    public void Cross(int row, int first, PairState<T>[] tangents)
    {
        for (int m = 0; m < tangents.Length; m++)
        {
            int p0 = m / _channels, c0 = m % _channels;
            var t = tangents[m].Nngp;
            int inner = tangents[m].Inner;
            for (int k = 0; k < inner; k++)
                t[p0 * inner + k] = (_form == SpatialForm.Full ? X(_x2, first, k, c0) : X(_x2, first + k, p0, c0)) * _scale;
        }
    }

    private T X(T[] x, int item, int position, int channel) => x[((long)item * _positions + position) * _channels + channel];
}
