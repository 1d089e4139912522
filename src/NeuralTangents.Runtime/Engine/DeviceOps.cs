using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.CompilerServices;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>
/// Host-side launchers of the entrywise device kernels for storage type <typeparamref name="T"/>. The
/// concrete <see cref="DeviceOps{T, TS}"/> binds the scalar adapter, so layers stay generic over T alone.
/// </summary>
internal abstract partial class DeviceOps<T> where T : unmanaged
{
    public static DeviceOps<T> Instance { get; } = typeof(T) == typeof(float)
        ? (DeviceOps<T>)(object)new DeviceOps<float, FloatScalar>()
        : typeof(T) == typeof(double)
            ? (DeviceOps<T>)(object)new DeviceOps<double, DoubleScalar>()
            : throw new NotSupportedException($"Kernels are computed in float or double, not {typeof(T).Name}.");

    /// <summary>x ← scale·x + shift.</summary>
    public abstract void Affine(KernelEngine engine, MemoryBuffer1D<T, Stride1D.Dense> x, long length, double scale, double shift);

    /// <summary>target ← a·other + b·target + c.</summary>
    public abstract void Combine(KernelEngine engine, MemoryBuffer1D<T, Stride1D.Dense> target, MemoryBuffer1D<T, Stride1D.Dense> other, long length, double a, double b, double c);

    /// <summary>Product rule: the first tile becomes the product of both.</summary>
    public abstract void Product(KernelEngine engine, KernelTile<T> a, KernelTile<T> b);

    /// <summary>A nonlinearity on every entry and variance of the tile.</summary>
    public abstract void Elementwise<TAct>(KernelEngine engine, KernelTile<T> tile, TAct activation) where TAct : struct, IDualActivation;

    /// <summary>A generated fused chain on every entry of the tile, given the per-item variances of its rows and columns.</summary>
    public abstract void Fused<TChain, TVariances>(KernelEngine engine, KernelTile<T> tile, MemoryBuffer1D<TVariances, Stride1D.Dense> rows,
        MemoryBuffer1D<TVariances, Stride1D.Dense> columns, TChain chain)
        where TChain : struct, IFusedChain<TVariances> where TVariances : unmanaged;

    /// <summary>A generated chain continuing the tile's kernels (its NTK included), given the per-item variances of its rows and columns.</summary>
    public abstract void FusedTail<TChain, TVariances>(KernelEngine engine, KernelTile<T> tile, MemoryBuffer1D<TVariances, Stride1D.Dense> rows,
        MemoryBuffer1D<TVariances, Stride1D.Dense> columns, TChain chain)
        where TChain : struct, IFusedChain<TVariances> where TVariances : unmanaged;
}

/// <summary>The launchers bound to the scalar adapter <typeparamref name="TS"/>.</summary>
internal sealed partial class DeviceOps<T, TS> : DeviceOps<T> where T : unmanaged where TS : struct, IScalar<T>
{
    public override void Affine(KernelEngine engine, MemoryBuffer1D<T, Stride1D.Dense> x, long length, double scale, double shift)
    {
        var kernel = engine.GetOrLoad($"Affine<{typeof(T).Name}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, long, int, double, double>(EntrywiseKernels.Affine<T, TS>));
        int chunk = engine.ChunkFor(length);
        kernel(KernelEngine.ThreadsFor(length, chunk), x.View, length, chunk, scale, shift);
    }

    public override void Combine(KernelEngine engine, MemoryBuffer1D<T, Stride1D.Dense> target, MemoryBuffer1D<T, Stride1D.Dense> other, long length, double a, double b, double c)
    {
        var kernel = engine.GetOrLoad($"Combine<{typeof(T).Name}>", acc =>
            acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, long, int, double, double, double>(EntrywiseKernels.Combine<T, TS>));
        int chunk = engine.ChunkFor(length);
        kernel(KernelEngine.ThreadsFor(length, chunk), target.View, other.View, length, chunk, a, b, c);
    }

    public override void Product(KernelEngine engine, KernelTile<T> a, KernelTile<T> b)
    {
        var kernel = engine.GetOrLoad($"Product<{typeof(T).Name}>", acc =>
            acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, long, int, int>(EntrywiseKernels.Product<T, TS>));
        bool hasNtk = a.Ntk is not null && b.Ntk is not null;
        int chunk = engine.ChunkFor(a.Entries);
        kernel(KernelEngine.ThreadsFor(a.Entries, chunk), a.Nngp.View, hasNtk ? a.Ntk!.View : a.Nngp.View,
            b.Nngp.View, hasNtk ? b.Ntk!.View : b.Nngp.View, a.Entries, chunk, hasNtk ? 1 : 0);
        // Variances of a product of independent branches multiply; their NTK part is not tracked.
        Multiply(engine, a.Cov1, b.Cov1, a.Cov1Length);
        Multiply(engine, a.Cov2, b.Cov2, a.Cov2Length);
    }

    public override void Elementwise<TAct>(KernelEngine engine, KernelTile<T> tile, TAct activation)
    {
        if (tile.Layout.Form != SpatialForm.None)
        {
            SpatialElementwise(engine, tile, activation);
            return;
        }
        var entries = engine.GetOrLoad($"Elementwise<{typeof(T).Name},{typeof(TAct).FullName}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, long, int, int, TAct>(
                EntrywiseKernels.Elementwise<T, TS, TAct>));
        var variance = engine.GetOrLoad($"Variance<{typeof(T).Name},{typeof(TAct).FullName}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, long, int, TAct>(EntrywiseKernels.Variance<T, TS, TAct>));

        int chunk = engine.ChunkFor(tile.Entries);
        var ntk = tile.Ntk ?? tile.Nngp;
        entries(KernelEngine.ThreadsFor(tile.Entries, chunk), tile.Nngp.View, ntk.View, tile.Cov1.View, tile.Cov2.View,
            tile.Cols, tile.Entries, chunk, tile.Ntk is null ? 0 : 1, activation);
        int chunk1 = engine.ChunkFor(tile.Rows), chunk2 = engine.ChunkFor(tile.Cols);
        variance(KernelEngine.ThreadsFor(tile.Rows, chunk1), tile.Cov1.View, tile.Rows, chunk1, activation);
        variance(KernelEngine.ThreadsFor(tile.Cols, chunk2), tile.Cov2.View, tile.Cols, chunk2, activation);
    }

    public override void Fused<TChain, TVariances>(KernelEngine engine, KernelTile<T> tile, MemoryBuffer1D<TVariances, Stride1D.Dense> rows,
        MemoryBuffer1D<TVariances, Stride1D.Dense> columns, TChain chain) => Chain(engine, tile, rows, columns, chain, readNtk: false);

    public override void FusedTail<TChain, TVariances>(KernelEngine engine, KernelTile<T> tile, MemoryBuffer1D<TVariances, Stride1D.Dense> rows,
        MemoryBuffer1D<TVariances, Stride1D.Dense> columns, TChain chain) => Chain(engine, tile, rows, columns, chain, readNtk: tile.Ntk is not null);

    /// <summary>The chain on every entry of the tile, in place; the incoming NTK is read from the tile when <paramref name="readNtk"/>.</summary>
    private static void Chain<TChain, TVariances>(KernelEngine engine, KernelTile<T> tile, MemoryBuffer1D<TVariances, Stride1D.Dense> rows,
        MemoryBuffer1D<TVariances, Stride1D.Dense> columns, TChain chain, bool readNtk)
        where TChain : struct, IFusedChain<TVariances> where TVariances : unmanaged
    {
        var kernel = engine.GetOrLoad($"Fused<{typeof(T).Name},{typeof(TChain).FullName}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<TVariances>, ArrayView<TVariances>, int, long, int, int, int, TChain>(
                FusedKernels.Entries<T, TS, TChain, TVariances>));
        int chunk = engine.ChunkFor(tile.Entries);
        var ntk = tile.Ntk ?? tile.Nngp;
        kernel(KernelEngine.ThreadsFor(tile.Entries, chunk), tile.Nngp.View, ntk.View, rows.View, columns.View,
            tile.Cols, tile.Entries, chunk, readNtk ? 1 : 0, tile.Ntk is null ? 0 : 1, chain);
    }

    private void Multiply(KernelEngine engine, MemoryBuffer1D<T, Stride1D.Dense> target, MemoryBuffer1D<T, Stride1D.Dense> other, long length)
    {
        var kernel = engine.GetOrLoad($"Multiply<{typeof(T).Name}>", acc =>
            acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, long, int, int>(EntrywiseKernels.Product<T, TS>));
        int chunk = engine.ChunkFor(length);
        kernel(KernelEngine.ThreadsFor(length, chunk), target.View, target.View, other.View, other.View, length, chunk, 0);
    }
}
