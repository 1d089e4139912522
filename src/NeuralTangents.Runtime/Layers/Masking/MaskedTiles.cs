using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Masking;

/// <summary>
/// Zeroes the covariances of masked positions in a tile (Neural Tangents' <c>Kernel.mask</c>, its remasking): every
/// entry of nngp/ntk with a masked position on either side, and likewise in each item's own covariance. On the host:
/// the masks live there, and masked computations are the exception.
/// </summary>
internal static class MaskedTiles
{
    public static void Remask<T>(KernelTile<T> tile, bool[] mask1, bool[] mask2) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layout = tile.Layout;
        int s = layout.Form == SpatialForm.None ? 1 : layout.Size;
        bool full = layout.Form == SpatialForm.Full;
        Zero(tile.Nngp, tile.Rows, tile.Cols, s, full, mask1, mask2);
        if (tile.Ntk is not null) Zero(tile.Ntk, tile.Rows, tile.Cols, s, full, mask1, mask2);
        ZeroOwn(tile.Cov1, tile.Rows, s, full, mask1);
        ZeroOwn(tile.Cov2, tile.Cols, s, full, mask2);
    }

    private static void Zero<T>(MemoryBuffer1D<T, Stride1D.Dense> buffer, int rows, int cols, int s, bool full, bool[] mask1, bool[] mask2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int per = full ? s * s : s;
        var values = new T[(long)rows * cols * per];
        buffer.View.SubView(0, values.Length).CopyToCPU(values);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                var block = values.AsSpan((i * cols + j) * per, per);
                ZeroBlock(block, s, full, mask1.AsSpan(i * s, s), mask2.AsSpan(j * s, s));
            }
        buffer.View.SubView(0, values.Length).CopyFromCPU(values);
    }

    private static void ZeroOwn<T>(MemoryBuffer1D<T, Stride1D.Dense> buffer, int items, int s, bool full, bool[] mask)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int per = full ? s * s : s;
        var values = new T[(long)items * per];
        buffer.View.SubView(0, values.Length).CopyToCPU(values);
        for (int i = 0; i < items; i++) ZeroBlock(values.AsSpan(i * per, per), s, full, mask.AsSpan(i * s, s), mask.AsSpan(i * s, s));
        buffer.View.SubView(0, values.Length).CopyFromCPU(values);
    }

    private static void ZeroBlock<T>(Span<T> block, int s, bool full, ReadOnlySpan<bool> first, ReadOnlySpan<bool> second) where T : unmanaged
    {
        if (!full)
        {
            for (int p = 0; p < s; p++)
                if (first[p] || second[p]) block[p] = default;
            return;
        }
        for (int p = 0; p < s; p++)
            for (int q = 0; q < s; q++)
                if (first[p] || second[q]) block[p * s + q] = default;
    }
}
