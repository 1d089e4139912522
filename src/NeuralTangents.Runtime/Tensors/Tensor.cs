using System.Globalization;
using System.Numerics;
using System.Text;
using NeuralTangents.Rules;

namespace NeuralTangents;

/// <summary>
/// A small dense tensor: a shape and row-major contiguous storage. It is the exchange type of the public
/// API (inputs, kernels, parameters), not a general tensor library.
/// </summary>
/// <typeparam name="T"><see cref="float"/> (the default precision) or <see cref="double"/>.</typeparam>
public sealed class Tensor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _shape;

    /// <summary>Wraps <paramref name="data"/> (not copied) with <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">The shape has a negative axis or does not match the data length.</exception>
    public Tensor(T[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        long length = 1;
        foreach (int axis in shape)
        {
            if (axis < 0) throw new ArgumentException($"Tensor axes must be non-negative, got shape {Shapes.Format(shape)}.", nameof(shape));
            length *= axis;
        }
        if (length != data.Length)
            throw new ArgumentException($"Shape {Shapes.Format(shape)} holds {length} elements but the data has {data.Length}.", nameof(data));
        Data = data;
        _shape = (int[])shape.Clone();
    }

    /// <summary>A tensor of zeros.</summary>
    public static Tensor<T> Zeros(params int[] shape) => new(new T[checked((int)ElementCount(shape))], shape);

    /// <summary>The storage, row-major; writes are visible through the tensor.</summary>
    public T[] Data { get; }

    /// <summary>The shape (a copy).</summary>
    public int[] Shape => (int[])_shape.Clone();

    /// <summary>The number of axes.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements.</summary>
    public int Length => Data.Length;

    /// <summary>The size of axis <paramref name="axis"/> (negative counts from the end).</summary>
    public int Dim(int axis) => _shape[axis < 0 ? axis + _shape.Length : axis];

    /// <summary>The storage as a span.</summary>
    public Span<T> Span => Data;

    /// <summary>The element at a multi-index.</summary>
    public T this[params int[] index]
    {
        get => Data[Offset(index)];
        set => Data[Offset(index)] = value;
    }

    /// <summary>The number of elements in each leading item (product of all axes but the first).</summary>
    public int RowLength => _shape.Length == 0 ? 1 : (int)Shapes.FeatureSize(_shape);

    /// <summary>The same storage seen with another shape of equal element count.</summary>
    public Tensor<T> Reshape(params int[] shape) => new(Data, shape);

    /// <summary>A deep copy.</summary>
    public Tensor<T> Clone() => new((T[])Data.Clone(), _shape);

    /// <summary>A copy converted to precision <typeparamref name="TOut"/>.</summary>
    public Tensor<TOut> Cast<TOut>() where TOut : unmanaged, IFloatingPointIeee754<TOut>
    {
        var result = new TOut[Data.Length];
        for (int i = 0; i < result.Length; i++) result[i] = TOut.CreateTruncating(Data[i]);
        return new Tensor<TOut>(result, _shape);
    }

    /// <summary>Rows <paramref name="start"/> … <paramref name="start"/>+<paramref name="count"/>-1 of the leading axis, copied.</summary>
    public Tensor<T> SliceRows(int start, int count)
    {
        if (_shape.Length == 0) throw new InvalidOperationException("A scalar has no rows.");
        if (start < 0 || count < 0 || start + count > _shape[0])
            throw new ArgumentOutOfRangeException(nameof(start), $"Rows [{start}, {start + count}) are outside a tensor of shape {Shapes.Format(_shape)}.");
        int row = RowLength;
        var shape = Shape;
        shape[0] = count;
        return new Tensor<T>(Data.AsSpan(start * row, count * row).ToArray(), shape);
    }

    /// <summary>A tensor with the given shape filled from a function of the flat index.</summary>
    public static Tensor<T> FromFunction(int[] shape, Func<int, T> valueAt)
    {
        var tensor = Zeros(shape);
        for (int i = 0; i < tensor.Length; i++) tensor.Data[i] = valueAt(i);
        return tensor;
    }

    /// <summary>The shape as text.</summary>
    public string ShapeText => Shapes.Format(_shape);

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder($"Tensor<{typeof(T).Name}>{ShapeText} [");
        for (int i = 0; i < Math.Min(Data.Length, 8); i++)
            text.Append(i == 0 ? "" : ", ").Append(Data[i].ToString("G6", CultureInfo.InvariantCulture));
        return text.Append(Data.Length > 8 ? ", …]" : "]").ToString();
    }

    internal static long ElementCount(int[] shape)
    {
        long count = 1;
        foreach (int axis in shape) count *= axis;
        return count;
    }

    private int Offset(int[] index)
    {
        if (index.Length != _shape.Length)
            throw new ArgumentException($"A tensor of rank {_shape.Length} needs {_shape.Length} indices, got {index.Length}.", nameof(index));
        int offset = 0;
        for (int axis = 0; axis < index.Length; axis++)
        {
            if ((uint)index[axis] >= (uint)_shape[axis])
                throw new IndexOutOfRangeException($"Index {index[axis]} is outside axis {axis} of size {_shape[axis]}.");
            offset = offset * _shape[axis] + index[axis];
        }
        return offset;
    }
}
