using System.Numerics;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>
/// A tile kernel that can also run on the host, writing its results straight into host staging arrays (no
/// device buffers, no copies through them). The CPU accelerator's memory is host memory anyway, and a plain
/// parallel SIMD loop beats its simulated GPU threads.
/// </summary>
internal interface IHostTileKernel<T> : ITileKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Whether tiles on <paramref name="engine"/> are computed on the host.</summary>
    bool RunsOnHost(KernelEngine engine);

    /// <summary>
    /// Computes one tile on the host, straight into the result: the cross kernels into <paramref name="nngp"/> and
    /// <paramref name="ntk"/> (rows × cols with row stride <paramref name="stride"/>; <paramref name="ntk"/> null when
    /// not wanted) and the variances into <paramref name="cov1"/> (rows) and <paramref name="cov2"/> (cols).
    /// <paramref name="diagonal"/>: the tile lies on the diagonal of a symmetric kernel (x2 is x1), so it is
    /// symmetric itself. Returns the output signature.
    /// </summary>
    unsafe BranchSignature ComputeOnHost(GramBlocks<T> gram, int r0, int rows, int c0, int cols, bool diagonal, T* nngp, T* ntk, int stride,
        Span<T> cov1, Span<T> cov2);
}
