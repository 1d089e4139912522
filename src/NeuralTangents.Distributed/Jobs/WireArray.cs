using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralTangents.Distributed;

/// <summary>
/// An array as it crosses the cluster: its shape and its elements' little-endian bytes. Nothing received is trusted:
/// <see cref="ToTensor{T}"/> checks the byte count against the shape before any element is used.
/// </summary>
/// <param name="Shape">The dimensions, batch axis first.</param>
/// <param name="Data">The elements' bytes, C order.</param>
[GenerateSerializer, Immutable, Alias("nt.WireArray")]
public sealed record WireArray([property: Id(0)] int[] Shape, [property: Id(1)] byte[] Data)
{
    /// <summary>
    /// The most axes an array may have: a batch axis, three spatial axes and channels for inputs; the two batch axes
    /// and two copies of three spatial axes for a kernel tile with full spatial covariance. Twice that, for headroom.
    /// </summary>
    public const int MaxRank = WireShape.MaxRank;

    /// <summary>The bytes of <paramref name="tensor"/> with its shape.</summary>
    /// <param name="tensor">The array to send.</param>
    public static WireArray From<T>(Tensor<T> tensor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new WireArray(tensor.Shape, MemoryMarshal.AsBytes(tensor.Data.AsSpan()).ToArray());
    }

    /// <summary>The array as a tensor (a copy), after checking that the bytes are exactly the shape's elements.</summary>
    /// <param name="what">What the array is, for the error message (for example "x1").</param>
    /// <exception cref="InvalidDataException">More than <see cref="MaxRank"/> axes, a negative dimension, or a byte count that does not match the shape.</exception>
    public Tensor<T> ToTensor<T>(string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Data is null) throw new InvalidDataException($"{what}: the array has no data.");
        long elements = WireShape.Elements(Shape, what);
        int size = Marshal.SizeOf<T>();
        if (Data.LongLength != elements * size)
            throw new InvalidDataException($"{what}: {Data.LongLength} bytes do not hold shape ({WireShape.Text(Shape)}) of {size}-byte elements ({elements * size} bytes).");
        return new Tensor<T>(MemoryMarshal.Cast<byte, T>(Data).ToArray(), (int[])Shape.Clone());
    }
}
