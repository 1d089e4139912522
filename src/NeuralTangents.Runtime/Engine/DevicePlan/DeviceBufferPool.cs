using ILGPU;
using ILGPU.Runtime;

namespace NeuralTangents.Engine.DevicePlan;

/// <summary>
/// Device buffers of a plan's run, kept for the next tile: every tile of a kernel allocates the same sizes in the same
/// order, and a device allocation (cudaMalloc) costs more than a small tile's passes. Buffers are matched by exact length,
/// so a buffer's view is always the state's whole array. The buffers kept and those in use together stay within
/// <see cref="_capBytes"/> where they can: kept buffers that do not fit beside a new allocation are released first.
/// </summary>
internal sealed class DeviceBufferPool<T> : IDisposable where T : unmanaged
{
    private readonly KernelEngine _engine;
    private readonly Dictionary<long, Stack<MemoryBuffer1D<T, Stride1D.Dense>>> _free = new();
    private readonly HashSet<MemoryBuffer1D<T, Stride1D.Dense>> _rented = new(ReferenceEqualityComparer.Instance);
    private readonly long _capBytes;
    private long _freeBytes, _rentedBytes;

    /// <param name="engine">The device.</param>
    /// <param name="capBytes">The most bytes of buffers kept and in use (about one tile's working memory).</param>
    public DeviceBufferPool(KernelEngine engine, long capBytes)
    {
        _engine = engine;
        _capBytes = capBytes;
    }

    /// <summary>The device.</summary>
    public KernelEngine Engine => _engine;

    /// <summary>Buffers rented and not given back (0 once a run has ended, whether it finished or threw).</summary>
    public int Outstanding => _rented.Count;

    /// <summary>Bytes of the buffers kept for reuse and of those rented.</summary>
    public long HeldBytes => _freeBytes + _rentedBytes;

    /// <summary>A buffer of exactly <paramref name="length"/> elements (contents undefined).</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Rent(long length)
    {
        length = Math.Max(1, length);
        if (_free.TryGetValue(length, out var stack) && stack.Count > 0)
        {
            _freeBytes -= stack.Peek().LengthInBytes;
            var reused = stack.Pop();
            _rented.Add(reused);
            _rentedBytes += reused.LengthInBytes;
            return reused;
        }
        // Another size than the last tile's (a variance batch, a narrower last tile): free kept buffers that would not fit beside it.
        long bytes = length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        foreach (var free in _free.Values)
        {
            while (free.Count > 0 && _freeBytes + _rentedBytes + bytes > _capBytes)
            {
                var released = free.Pop();
                _freeBytes -= released.LengthInBytes;
                released.Dispose();
            }
        }
        var buffer = _engine.Allocate<T>(length);
        _rented.Add(buffer);
        _rentedBytes += buffer.LengthInBytes;
        return buffer;
    }

    /// <summary>Gives <paramref name="buffer"/> back for reuse (or frees it when the pool is full).</summary>
    public void Return(MemoryBuffer1D<T, Stride1D.Dense> buffer)
    {
        if (_rented.Remove(buffer)) _rentedBytes -= buffer.LengthInBytes;
        if (_freeBytes + buffer.LengthInBytes > _capBytes)
        {
            buffer.Dispose();
            return;
        }
        if (!_free.TryGetValue(buffer.Length, out var stack)) _free[buffer.Length] = stack = new Stack<MemoryBuffer1D<T, Stride1D.Dense>>();
        stack.Push(buffer);
        _freeBytes += buffer.LengthInBytes;
    }

    /// <summary>Frees the kept buffers, and any still rented (a run that threw before giving them back).</summary>
    public void Dispose()
    {
        foreach (var stack in _free.Values)
            foreach (var buffer in stack) buffer.Dispose();
        foreach (var buffer in _rented) buffer.Dispose();
        _rented.Clear();
        _rentedBytes = 0;
        _free.Clear();
        _freeBytes = 0;
    }
}
