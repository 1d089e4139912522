using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Engine.DevicePlan;

/// <summary>
/// The kernel state of a batch of pairs on the device while a plan runs: nngp and ntk in the layout of
/// <see cref="StateShape"/> (pair axis innermost), from a <see cref="DeviceBufferPool{T}"/> and back to it. Without an
/// NTK the nngp stands in for it in kernel arguments.
/// </summary>
internal sealed class DeviceState<T> : IDisposable where T : unmanaged
{
    private readonly DeviceBufferPool<T> _pool;

    public DeviceState(DeviceBufferPool<T> pool, StateShape shape, bool withNtk)
    {
        _pool = pool;
        Shape = shape;
        Nngp = pool.Rent(shape.Length);
        try
        {
            Ntk = withNtk ? pool.Rent(shape.Length) : null;
        }
        catch
        {
            pool.Return(Nngp);
            throw;
        }
    }

    /// <summary>The layout.</summary>
    public StateShape Shape { get; private set; }

    /// <summary>The nngp.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Nngp { get; private set; }

    /// <summary>The NTK, or null when it is not carried.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense>? Ntk { get; private set; }

    /// <summary>The NTK's view, or the nngp's when there is none (kernels then leave it alone).</summary>
    public ArrayView<T> NtkView => (Ntk ?? Nngp).View;

    /// <summary>Fresh buffers for a state of <paramref name="shape"/>, to be passed to <see cref="Replace"/>.</summary>
    public (MemoryBuffer1D<T, Stride1D.Dense> Nngp, MemoryBuffer1D<T, Stride1D.Dense>? Ntk) Rent(StateShape shape) =>
        (_pool.Rent(shape.Length), Ntk is null ? null : _pool.Rent(shape.Length));

    /// <summary>Makes the buffers the state in <paramref name="shape"/>, returning the old ones to the pool.</summary>
    public void Replace(MemoryBuffer1D<T, Stride1D.Dense> nngp, MemoryBuffer1D<T, Stride1D.Dense>? ntk, StateShape shape)
    {
        Release();
        Nngp = nngp;
        Ntk = ntk;
        Shape = shape;
    }

    /// <summary>A copy (for the branches of a FanOut).</summary>
    public DeviceState<T> Clone()
    {
        var copy = new DeviceState<T>(_pool, Shape, Ntk is not null);
        try
        {
            copy.Nngp.View.CopyFrom(Nngp.View);
            if (Ntk is not null) copy.Ntk!.View.CopyFrom(Ntk.View);
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    public void Dispose() => Release();

    private void Release()
    {
        _pool.Return(Nngp);
        if (Ntk is not null) _pool.Return(Ntk);
    }
}
