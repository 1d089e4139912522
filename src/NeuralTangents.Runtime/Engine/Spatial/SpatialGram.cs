using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>
/// The input kernel of inputs with spatial axes (items × positions × channels, channels last):
/// K[i, j, p, p'] = ⟨x1ᵢ(p), x2ⱼ(p')⟩ / C in the full form, K[i, j, p] = ⟨x1ᵢ(p), x2ⱼ(p)⟩ / C in the diagonal
/// form, and the items' own covariances alike. Every value is one dot product computed the same way, so
/// the self-kernel's same-item blocks equal the variances exactly and are symmetric.
/// </summary>
internal sealed class SpatialGram<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _x1, _x2;
    private readonly int _positions, _channels;
    private readonly SpatialLayout _layout;
    private readonly T _scale;

    public SpatialGram(T[] x1, T[] x2, int positions, int channels, SpatialLayout layout)
    {
        _x1 = x1;
        _x2 = x2;
        _positions = positions;
        _channels = channels;
        _layout = layout;
        _scale = T.One / T.CreateTruncating(channels);
    }

    /// <summary>Writes the cross block of rows × cols pairs, each followed by its spatial entries.</summary>
    public void Cross(int r0, int rows, int c0, int cols, Span<T> target)
    {
        long per = _layout.EntriesPerPair;
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                Pair(_x1, r0 + i, _x2, c0 + j, target.Slice((int)(((long)i * cols + j) * per), (int)per));
    }

    /// <summary>Writes the own covariances of <paramref name="count"/> items of x1 (or x2) from <paramref name="first"/>.</summary>
    public void Own(bool second, int first, int count, Span<T> target)
    {
        var x = second ? _x2 : _x1;
        long per = _layout.EntriesPerPair;
        for (int i = 0; i < count; i++) Pair(x, first + i, x, first + i, target.Slice((int)(i * per), (int)per));
    }

    private void Pair(T[] a, int i, T[] b, int j, Span<T> target)
    {
        int c = _channels, s = _positions;
        long itemA = (long)i * s * c, itemB = (long)j * s * c;
        if (_layout.Form == SpatialForm.Full)
        {
            for (int p = 0; p < s; p++)
            {
                var u = a.AsSpan((int)(itemA + (long)p * c), c);
                for (int q = 0; q < s; q++) target[p * s + q] = TensorPrimitives.Dot<T>(u, b.AsSpan((int)(itemB + (long)q * c), c)) * _scale;
            }
            return;
        }
        for (int p = 0; p < s; p++)
            target[p] = TensorPrimitives.Dot<T>(a.AsSpan((int)(itemA + (long)p * c), c), b.AsSpan((int)(itemB + (long)p * c), c)) * _scale;
    }
}
