using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>Launchers for tiles with spatial axes.</summary>
internal abstract partial class DeviceOps<T> where T : unmanaged
{
    /// <summary>
    /// output[pair, …] ← scale · box filter of input[pair, …] over <paramref name="pairs"/> pairs (see
    /// <see cref="SpatialKernels.Box{T, TS}"/>): joint offsets for Conv and Flatten, independent for pooling.
    /// </summary>
    public abstract void Box(KernelEngine engine, MemoryBuffer1D<T, Stride1D.Dense> input, MemoryBuffer1D<T, Stride1D.Dense> output, long pairs,
        BoxGeometry geometry, bool inFull, bool outFull, bool independent, double scale);

    /// <summary>A nonlinearity on every spatial entry of the tile and its variances (diagonal or full layout).</summary>
    public abstract void SpatialElementwise<TAct>(KernelEngine engine, KernelTile<T> tile, TAct activation) where TAct : struct, IDualActivation;
}

/// <summary>The spatial launchers bound to the scalar adapter <typeparamref name="TS"/>.</summary>
internal sealed partial class DeviceOps<T, TS>
{
    public override void Box(KernelEngine engine, MemoryBuffer1D<T, Stride1D.Dense> input, MemoryBuffer1D<T, Stride1D.Dense> output, long pairs,
        BoxGeometry geometry, bool inFull, bool outFull, bool independent, double scale)
    {
        var kernel = engine.GetOrLoad($"Box<{typeof(T).Name}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, long, int, BoxGeometry, int, int, int, double>(SpatialKernels.Box<T, TS>));
        long per = outFull ? (long)geometry.OutSize * geometry.OutSize : geometry.OutSize;
        long length = pairs * per;
        int chunk = engine.ChunkFor(length);
        kernel(KernelEngine.ThreadsFor(length, chunk), input.View, output.View, length, chunk, geometry,
            inFull ? 1 : 0, outFull ? 1 : 0, independent ? 1 : 0, scale);
    }

    public override void SpatialElementwise<TAct>(KernelEngine engine, KernelTile<T> tile, TAct activation)
    {
        var kernel = engine.GetOrLoad($"SpatialElementwise<{typeof(T).Name},{typeof(TAct).FullName}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, int, long, int, int, TAct>(
                SpatialKernels.Elementwise<T, TS, TAct>));
        var layout = tile.Layout;
        bool full = layout.Form == SpatialForm.Full;
        int size = layout.Size;
        // Every entry needs the old same-position variances: copy them out first (the diagonal of a full covariance).
        using var var1 = SpatialTiles.Variances(engine, tile.Cov1, tile.Rows, layout);
        using var var2 = SpatialTiles.Variances(engine, tile.Cov2, tile.Cols, layout);
        var ntk = tile.Ntk ?? tile.Nngp;
        int chunk = engine.ChunkFor(tile.Entries);
        kernel(KernelEngine.ThreadsFor(tile.Entries, chunk), tile.Nngp.View, ntk.View, var1.View, var2.View,
            tile.Cols, size, full ? 1 : 0, 0, tile.Entries, chunk, tile.Ntk is null ? 0 : 1, activation);
        // The self-covariances: same-position entries take T_d, the others T with both positions' variances.
        chunk = engine.ChunkFor(tile.Cov1Length);
        kernel(KernelEngine.ThreadsFor(tile.Cov1Length, chunk), tile.Cov1.View, tile.Cov1.View, var1.View, var1.View,
            1, size, full ? 1 : 0, 1, tile.Cov1Length, chunk, 0, activation);
        chunk = engine.ChunkFor(tile.Cov2Length);
        kernel(KernelEngine.ThreadsFor(tile.Cov2Length, chunk), tile.Cov2.View, tile.Cov2.View, var2.View, var2.View,
            1, size, full ? 1 : 0, 1, tile.Cov2Length, chunk, 0, activation);
        engine.Accelerator.Synchronize();
    }
}
