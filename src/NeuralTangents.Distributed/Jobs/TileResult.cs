using System.Numerics;
using System.Runtime.InteropServices;
using Orleans.Serialization.Buffers;

namespace NeuralTangents.Distributed;

/// <summary>
/// One computed tile as a worker sends it to the submitting client: the shapes of the tile's NNGP and NTK blocks (rows ×
/// columns × spatial axes) and of the variances of its rows and columns, and their elements one after the other in
/// <see cref="Data"/>, in that order.
/// </summary>
/// <remarks>
/// The elements travel in a <see cref="PooledBuffer"/>: Orleans writes it from pooled memory and reads it into pooled
/// memory, where a <c>byte[]</c> is a fresh large array at each end. On these machines the first touch of fresh memory
/// runs at about 0.5 GB/s, so the page faults of two 8 MB arrays per tile cost more than computing it. Whoever receives
/// a result disposes of <see cref="Data"/> once it has read it; sending one disposes of it (Orleans' rule for the type).
/// </remarks>
/// <param name="Index">The tile's index in the job's grid (row-major, as <see cref="KernelStore.Compute{T}"/> orders them).</param>
/// <param name="NngpShape">The NNGP block's shape, when requested; null otherwise.</param>
/// <param name="NtkShape">The NTK block's shape, when requested; null otherwise.</param>
/// <param name="Cov1Shape">The shape of the variances of the tile's rows.</param>
/// <param name="Cov2Shape">The shape of the variances of the tile's columns (null for a diagonal tile).</param>
/// <param name="Data">The elements of the parts whose shapes are given, in the order above, in the job's precision.</param>
[GenerateSerializer, Immutable, Alias("nt.TileResult")]
public sealed record TileResult(
    [property: Id(0)] int Index,
    [property: Id(1)] int[]? NngpShape,
    [property: Id(2)] int[]? NtkShape,
    [property: Id(3)] int[]? Cov1Shape,
    [property: Id(4)] int[]? Cov2Shape,
    [property: Id(5)] PooledBuffer Data)
{
    /// <summary>Packs a tile's arrays (absent ones null) into a result, copying their elements into pooled memory.</summary>
    /// <param name="index">The tile's index.</param>
    /// <param name="nngp">The NNGP block, or null.</param>
    /// <param name="ntk">The NTK block, or null.</param>
    /// <param name="cov1">The variances of the rows.</param>
    /// <param name="cov2">The variances of the columns, or null.</param>
    public static TileResult Pack<T>(int index, Tensor<T>? nngp, Tensor<T>? ntk, Tensor<T>? cov1, Tensor<T>? cov2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = new PooledBuffer();
        Append(ref data, nngp);
        Append(ref data, ntk);
        Append(ref data, cov1);
        Append(ref data, cov2);
        return new TileResult(index, nngp?.Shape, ntk?.Shape, cov1?.Shape, cov2?.Shape, data);
    }

    private static void Append<T>(ref PooledBuffer data, Tensor<T>? tensor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (tensor is null) return;
        // Large segments: written through GetSpan() without a size, the buffer would rent one 4 KB segment after another.
        const int Segment = 1 << 20;
        var bytes = MemoryMarshal.AsBytes(tensor.Data.AsSpan());
        while (!bytes.IsEmpty)
        {
            var span = data.GetSpan(Math.Min(Segment, bytes.Length));
            int count = Math.Min(span.Length, bytes.Length);
            bytes[..count].CopyTo(span);
            data.Advance(count);
            bytes = bytes[count..];
        }
    }
}
