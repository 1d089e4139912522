using ILGPU;
using ILGPU.Runtime;

namespace NeuralTangents.Engine;

/// <summary>Host-copy helpers for the engine's one-dimensional device buffers.</summary>
internal static class BufferViews
{
    /// <summary>The buffer as a plain contiguous view, the form ILGPU's CopyToCPU/CopyFromCPU accept.</summary>
    public static ArrayView<T> Flat<T>(this MemoryBuffer1D<T, Stride1D.Dense> buffer) where T : unmanaged => buffer.View;
}
