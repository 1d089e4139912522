using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Engine;

/// <summary>Launchers of the pair-major plan's device kernels (<see cref="PlanKernels"/>).</summary>
internal abstract partial class DeviceOps<T> where T : unmanaged
{
    /// <summary>The input covariances of a batch (see <see cref="PlanKernels.Input{T, TS}"/>).</summary>
    public abstract void PlanInput(KernelEngine engine, ArrayView<T> x1, ArrayView<T> x2, ArrayView<T> nngp, ArrayView<T> ntk, StateShape shape, PairLanes lanes,
        int channels, bool hasNtk);

    /// <summary>A fused pass ending with the dual of <paramref name="activation"/>.</summary>
    public abstract void PlanPass<TAct>(KernelEngine engine, ArrayView<T> inNngp, ArrayView<T> inNtk, ArrayView<T> nngp, ArrayView<T> ntk,
        ArrayView<T> rowTables, ArrayView<T> colTables, PlanPass pass, PairLanes lanes, TAct activation) where TAct : struct, IDualActivation;

    /// <summary>A fused pass without a dual (a box filter and/or an affine rule).</summary>
    public abstract void PlanLinearPass(KernelEngine engine, ArrayView<T> inNngp, ArrayView<T> inNtk, ArrayView<T> nngp, ArrayView<T> ntk, PlanPass pass);

    /// <summary>A full-form variance run's same-position values into its items' table.</summary>
    public abstract void PlanRecordDiagonal(KernelEngine engine, ArrayView<T> state, ArrayView<T> tables, long table, int positions, long lanes, PairLanes items);

    /// <summary>target[l] = scale · Σₘ source[l·outer + m·inner] for l &lt; <paramref name="length"/>.</summary>
    public abstract void PlanStridedSum(KernelEngine engine, ArrayView<T> source, ArrayView<T> target, long length, long outer, long inner, int count, double scale);

    /// <summary>A full form's column sums, one per lane and column.</summary>
    public abstract void PlanColumnSums(KernelEngine engine, ArrayView<T> source, ArrayView<T> target, long lanes, int positions);

    /// <summary>A full-form state's same-position values as a diagonal-form state.</summary>
    public abstract void PlanDiagonal(KernelEngine engine, ArrayView<T> source, ArrayView<T> target, long lanes, int positions);
}

/// <summary>The plan's launchers bound to the scalar adapter <typeparamref name="TS"/>.</summary>
internal sealed partial class DeviceOps<T, TS>
{
    public override void PlanInput(KernelEngine engine, ArrayView<T> x1, ArrayView<T> x2, ArrayView<T> nngp, ArrayView<T> ntk, StateShape shape, PairLanes lanes,
        int channels, bool hasNtk)
    {
        var kernel = engine.GetOrLoad($"PlanInput<{typeof(T).Name}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, StateShape, PairLanes, int, int, int>(PlanKernels.Input<T, TS>));
        int chunk = engine.ChunkFor(shape.Length);
        kernel(KernelEngine.ThreadsFor(shape.Length, chunk), x1, x2, nngp, ntk, shape, lanes, channels, hasNtk ? 1 : 0, chunk);
    }

    public override void PlanPass<TAct>(KernelEngine engine, ArrayView<T> inNngp, ArrayView<T> inNtk, ArrayView<T> nngp, ArrayView<T> ntk,
        ArrayView<T> rowTables, ArrayView<T> colTables, PlanPass pass, PairLanes lanes, TAct activation)
    {
        var kernel = engine.GetOrLoad($"PlanPass<{typeof(T).Name},{typeof(TAct).FullName}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, PlanPass, PairLanes, int, TAct>(
                PlanKernels.Pass<T, TS, TAct>));
        int chunk = engine.ChunkFor(pass.Out.Length);
        kernel(KernelEngine.ThreadsFor(pass.Out.Length, chunk), inNngp, inNtk, nngp, ntk, rowTables, colTables, pass, lanes, chunk, activation);
    }

    public override void PlanLinearPass(KernelEngine engine, ArrayView<T> inNngp, ArrayView<T> inNtk, ArrayView<T> nngp, ArrayView<T> ntk, PlanPass pass)
    {
        var kernel = engine.GetOrLoad($"PlanLinearPass<{typeof(T).Name}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, PlanPass, int>(PlanKernels.LinearPass<T, TS>));
        int chunk = engine.ChunkFor(pass.Out.Length);
        kernel(KernelEngine.ThreadsFor(pass.Out.Length, chunk), inNngp, inNtk, nngp, ntk, pass, chunk);
    }

    public override void PlanRecordDiagonal(KernelEngine engine, ArrayView<T> state, ArrayView<T> tables, long table, int positions, long lanes, PairLanes items)
    {
        var kernel = engine.GetOrLoad($"PlanRecordDiagonal<{typeof(T).Name}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, long, int, long, PairLanes, int>(PlanKernels.RecordDiagonal<T, TS>));
        long length = lanes * positions;
        int chunk = engine.ChunkFor(length);
        kernel(KernelEngine.ThreadsFor(length, chunk), state, tables, table, positions, lanes, items, chunk);
    }

    public override void PlanStridedSum(KernelEngine engine, ArrayView<T> source, ArrayView<T> target, long length, long outer, long inner, int count, double scale)
    {
        var kernel = engine.GetOrLoad($"PlanStridedSum<{typeof(T).Name}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, long, long, long, int, double, int>(PlanKernels.StridedSum<T, TS>));
        int chunk = engine.ChunkFor(length);
        kernel(KernelEngine.ThreadsFor(length, chunk), source, target, length, outer, inner, count, scale, chunk);
    }

    public override void PlanColumnSums(KernelEngine engine, ArrayView<T> source, ArrayView<T> target, long lanes, int positions)
    {
        var kernel = engine.GetOrLoad($"PlanColumnSums<{typeof(T).Name}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, long, int, int>(PlanKernels.ColumnSums<T, TS>));
        long length = lanes * positions;
        int chunk = engine.ChunkFor(length);
        kernel(KernelEngine.ThreadsFor(length, chunk), source, target, lanes, positions, chunk);
    }

    public override void PlanDiagonal(KernelEngine engine, ArrayView<T> source, ArrayView<T> target, long lanes, int positions)
    {
        var kernel = engine.GetOrLoad($"PlanDiagonal<{typeof(T).Name}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, long, int, int>(PlanKernels.Diagonal<T, TS>));
        long length = lanes * positions;
        int chunk = engine.ChunkFor(length);
        kernel(KernelEngine.ThreadsFor(length, chunk), source, target, lanes, positions, chunk);
    }
}
