using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Engine;

/// <summary>Launchers of the constant linear maps over spatial axes.</summary>
internal abstract partial class DeviceOps<T> where T : unmanaged
{
    /// <summary>output ← one pass of <paramref name="matrix"/> along one axis of one member of <paramref name="pairs"/> pairs (see <see cref="AxisMapKernels.Apply{T, TS}"/>).</summary>
    public abstract void AxisMap(KernelEngine engine, MemoryBuffer1D<T, Stride1D.Dense> input, MemoryBuffer1D<T, Stride1D.Dense> output,
        MemoryBuffer1D<double, Stride1D.Dense> matrix, long pairs, AxisMapGeometry geometry);
}

/// <summary>The launchers bound to the scalar adapter <typeparamref name="TS"/>.</summary>
internal sealed partial class DeviceOps<T, TS>
{
    public override void AxisMap(KernelEngine engine, MemoryBuffer1D<T, Stride1D.Dense> input, MemoryBuffer1D<T, Stride1D.Dense> output,
        MemoryBuffer1D<double, Stride1D.Dense> matrix, long pairs, AxisMapGeometry geometry)
    {
        var kernel = engine.GetOrLoad($"AxisMap<{typeof(T).Name}>", a =>
            a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<T>, ArrayView<T>, ArrayView<double>, AxisMapGeometry, long, int>(AxisMapKernels.Apply<T, TS>));
        long length = pairs * geometry.OutSize * (geometry.Full != 0 ? geometry.OtherSize : 1);
        int chunk = engine.ChunkFor(length);
        kernel(KernelEngine.ThreadsFor(length, chunk), input.View, output.View, matrix.View, geometry, length, chunk);
    }
}
