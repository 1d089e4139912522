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
    /// Computes one tile of a kernel of x1 against another x2 on the host, straight into the result: the cross
    /// kernels into <paramref name="nngp"/> and <paramref name="ntk"/> (rows × cols with row stride
    /// <paramref name="stride"/>; <paramref name="ntk"/> null when not wanted) and the variances into
    /// <paramref name="cov1"/> (rows) and <paramref name="cov2"/> (cols). Returns the output signature.
    /// </summary>
    unsafe BranchSignature ComputeOnHost(GramBlocks<T> gram, int r0, int rows, int c0, int cols, T* nngp, T* ntk, int stride,
        Span<T> cov1, Span<T> cov2);

    /// <summary>
    /// Computes a band of a symmetric kernel (x2 is x1) on the host, straight into the n × n results: rows
    /// r0…r0+rows−1 from the diagonal to the last column, and their transposes below the diagonal, so that the
    /// result is exactly symmetric. Either of <paramref name="nngp"/> and <paramref name="ntk"/> is null when not
    /// wanted. Returns the output signature.
    /// </summary>
    unsafe BranchSignature ComputeSymmetricBand(GramBlocks<T> gram, int r0, int rows, T* nngp, T* ntk, int n);

    /// <summary>The output variances of items <paramref name="first"/>… of x1 (those of the network's output).</summary>
    void OutputVariances(int first, Span<T> target);
}
