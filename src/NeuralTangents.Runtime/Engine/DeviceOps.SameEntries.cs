using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>Launchers that rescale the entries pairing a unit with itself.</summary>
internal abstract partial class DeviceOps<T> where T : unmanaged
{
    /// <summary>
    /// Multiplies every entry of the tile that pairs an item with itself at one position by
    /// <paramref name="factor"/>: the same-position entries of cov1 and cov2, and those of nngp/ntk at the
    /// tile's pairs (i, i) when x2 is x1 (found from <see cref="KernelTile{T}.Origin"/>).
    /// </summary>
    public abstract void ScaleSameEntries(KernelEngine engine, KernelTile<T> tile, double factor);

    /// <summary>Sets the cross-position entries (p ≠ p') of every array of a full-form tile to zero.</summary>
    public abstract void ZeroCrossPositions(KernelEngine engine, KernelTile<T> tile);
}

/// <summary>The launchers bound to the scalar adapter <typeparamref name="TS"/>.</summary>
internal sealed partial class DeviceOps<T, TS>
{
    public override void ScaleSameEntries(KernelEngine engine, KernelTile<T> tile, double factor)
    {
        var kernel = engine.GetOrLoad($"ScaleSameEntries<{typeof(T).Name}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, long, int, long, int, int, int, int, int, int, double>(SameEntryKernels.Scale<T, TS>));
        var layout = tile.Layout;
        long per = layout.EntriesPerPair;
        int size = layout.Size, full = layout.Form == SpatialForm.Full ? 1 : 0;
        void Launch(MemoryBuffer1D<T, Stride1D.Dense> values, long length, int items)
        {
            int chunk = engine.ChunkFor(length);
            kernel(KernelEngine.ThreadsFor(length, chunk), values.View, length, chunk, per, size, full, items, tile.Cols, tile.Origin.Row0, tile.Origin.Col0, factor);
        }
        if (tile.Origin.SameItems)
        {
            Launch(tile.Nngp, tile.Entries, 1);
            if (tile.Ntk is not null) Launch(tile.Ntk, tile.Entries, 1);
        }
        Launch(tile.Cov1, tile.Cov1Length, 2);
        Launch(tile.Cov2, tile.Cov2Length, 2);
        engine.Accelerator.Synchronize();
    }

    public override void ZeroCrossPositions(KernelEngine engine, KernelTile<T> tile)
    {
        var kernel = engine.GetOrLoad($"ZeroCrossPositions<{typeof(T).Name}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, long, int, int>(SameEntryKernels.ZeroCrossPositions<T, TS>));
        int size = tile.Layout.Size;
        void Launch(MemoryBuffer1D<T, Stride1D.Dense> values, long length)
        {
            int chunk = engine.ChunkFor(length);
            kernel(KernelEngine.ThreadsFor(length, chunk), values.View, length, chunk, size);
        }
        Launch(tile.Nngp, tile.Entries);
        if (tile.Ntk is not null) Launch(tile.Ntk, tile.Entries);
        Launch(tile.Cov1, tile.Cov1Length);
        Launch(tile.Cov2, tile.Cov2Length);
        engine.Accelerator.Synchronize();
    }
}
