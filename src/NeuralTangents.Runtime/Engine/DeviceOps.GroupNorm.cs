using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>Launchers of LayerNorm over spatial axes.</summary>
internal abstract partial class DeviceOps<T> where T : unmanaged
{
    /// <summary>
    /// Normalizes a tile whose positions fall into groups (<paramref name="group"/>[p] for each of the S positions,
    /// <paramref name="groups"/> in all): every entry is divided by the square roots of its two items' group
    /// variances (ε + the mean same-position variance over the group), in place, nngp, ntk and both variances.
    /// </summary>
    public abstract void GroupNormalize(KernelEngine engine, KernelTile<T> tile, int[] group, int groups, double epsilon);
}

/// <summary>The launchers bound to the scalar adapter <typeparamref name="TS"/>.</summary>
internal sealed partial class DeviceOps<T, TS>
{
    public override void GroupNormalize(KernelEngine engine, KernelTile<T> tile, int[] group, int groups, double epsilon)
    {
        var means = engine.GetOrLoad($"GroupNormMeans<{typeof(T).Name}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<double>, ArrayView<int>, int, int, double, long, int>(GroupNormKernels.Means<T, TS>));
        var divide = engine.GetOrLoad($"GroupNormDivide<{typeof(T).Name}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<double>, ArrayView<double>, ArrayView<int>, long, int, int, int, int, int, long, int>(
                GroupNormKernels.Divide<T, TS>));
        var layout = tile.Layout;
        int size = layout.Size, full = layout.Form == SpatialForm.Full ? 1 : 0;
        long per = layout.EntriesPerPair;
        using var groupOf = engine.Allocate<int>(size);
        groupOf.View.SubView(0, size).CopyFromCPU(group);
        MemoryBuffer1D<double, Stride1D.Dense> GroupVariances(MemoryBuffer1D<T, Stride1D.Dense> cov, int items)
        {
            using var variances = SpatialTiles.Variances(engine, cov, items, layout);
            var result = engine.Allocate<double>((long)items * groups);
            long length = (long)items * groups;
            int chunk = engine.ChunkFor(length);
            means(KernelEngine.ThreadsFor(length, chunk), variances.View, result.View, groupOf.View, size, groups, epsilon, length, chunk);
            engine.Accelerator.Synchronize();
            return result;
        }
        using var v1 = GroupVariances(tile.Cov1, tile.Rows);
        using var v2 = GroupVariances(tile.Cov2, tile.Cols);
        void Divide(MemoryBuffer1D<T, Stride1D.Dense> values, long length, MemoryBuffer1D<double, Stride1D.Dense> a, MemoryBuffer1D<double, Stride1D.Dense> b, int self)
        {
            int chunk = engine.ChunkFor(length);
            divide(KernelEngine.ThreadsFor(length, chunk), values.View, a.View, b.View, groupOf.View, per, size, full, tile.Cols, self, groups, length, chunk);
        }
        Divide(tile.Nngp, tile.Entries, v1, v2, 0);
        if (tile.Ntk is not null) Divide(tile.Ntk, tile.Entries, v1, v2, 0);
        Divide(tile.Cov1, tile.Cov1Length, v1, v1, 1);
        Divide(tile.Cov2, tile.Cov2Length, v2, v2, 1);
        engine.Accelerator.Synchronize();
    }
}
