using System.Diagnostics;
using System.Numerics;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>Kernels computed on the host (fused chains on the CPU accelerator): tiles straight into the result, or symmetric bands.</summary>
internal static partial class KernelComputation
{
    /// <summary>
    /// One tile of x1 against x2 on the host, written straight into the result arrays at the given offsets and row
    /// strides (the nngp may be the staging when it is not requested; then the input kernel goes to
    /// <paramref name="scratch"/> when the ntk's stride differs).
    /// </summary>
    private static unsafe BranchSignature ComputeOnHost<T>(IHostTileKernel<T> host, GramBlocks<T> gram, int r0, int rows, int c0, int cols,
        T[] nngp, long nngpOffset, int nngpStride, T[]? ntk, long ntkOffset, int ntkStride, Span<T> cov1, Span<T> cov2, HostTileScratch<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (ntk is not null && ntkStride != nngpStride)
        {
            // Only when the nngp is not requested (it lives in the staging): compute with the ntk's layout there too.
            fixed (T* k = scratch.InputKernel)
            fixed (T* t = ntk)
                return host.ComputeOnHost(gram, r0, rows, c0, cols, k, t + ntkOffset, ntkStride, cov1, cov2);
        }
        fixed (T* k = nngp)
        fixed (T* t = ntk)
            return host.ComputeOnHost(gram, r0, rows, c0, cols, k + nngpOffset, ntk is null ? null : t + ntkOffset, nngpStride, cov1, cov2);
    }

    /// <summary>
    /// Rows per band of a symmetric kernel on the host: one row of GEMM cells, so that a band starting on the diagonal
    /// starts on a cell, and the diagonal block it computes twice (rows²/2 entries) is a small share.
    /// </summary>
    private const int HostBandRows = GramBlocks<float>.CellRows;

    /// <summary>
    /// A symmetric kernel (x2 is x1) on the host, band by band: each band computes its rows from the diagonal on and
    /// writes their transposes below it (<see cref="IHostTileKernel{T}.ComputeSymmetricBand"/>), so no tile is
    /// read back from memory to be mirrored. Progress counts bands as tiles.
    /// </summary>
    private static unsafe BranchSignature SymmetricOnHost<T>(IHostTileKernel<T> host, GramBlocks<T> gram, int n, int bandRows,
        T[]? nngp, T[]? ntk, T[] cov, KernelOptions options, Stopwatch stopwatch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int bands = (n + bandRows - 1) / bandRows;
        long entriesDone = 0;
        BranchSignature signature = null!;
        host.OutputVariances(0, cov);
        fixed (T* k = nngp)
        fixed (T* t = ntk)
        {
            for (int band = 0; band < bands; band++)
            {
                options.CancellationToken.ThrowIfCancellationRequested();
                int r0 = band * bandRows, rows = Math.Min(bandRows, n - r0);
                signature = host.ComputeSymmetricBand(gram, r0, rows, k, t, n);
                // The band's diagonal block once, the rest of its rows and their mirror images.
                entriesDone += (long)rows * rows + 2L * rows * (n - r0 - rows);
                options.Progress?.Report(new KernelProgress(band + 1, bands, entriesDone, stopwatch.Elapsed));
            }
        }
        return signature;
    }
}
