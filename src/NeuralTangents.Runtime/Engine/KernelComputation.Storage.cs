using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>Copies of finished device tiles into the host result: items × items arrays, or Neural Tangents' spatial layouts.</summary>
internal static partial class KernelComputation
{
    /// <summary>Copies a tile of spatial outputs into Neural Tangents' layout (and its transpose into the mirrored place).</summary>
    private static void StoreSpatial<T>(KernelTile<T> tile, SpatialResultLayout result, T[] staging, T[]? nngp, T[]? ntk, T[] cov1, T[] cov2,
        int n2, int r0, int rows, int c0, int cols, bool mirror, bool firstOfRow, bool firstOfColumn) where T : unmanaged
    {
        if (tile.Layout.Form != result.Layout.Form)
            throw new InvalidOperationException($"The network's last layer produced a {tile.Layout} covariance where {result.Layout} was planned (the layout requirement was not propagated).");
        int pairs = rows * cols * result.PerPair;
        if (nngp is not null)
        {
            tile.Nngp.Flat().SubView(0, pairs).CopyToCPU(staging.AsSpan(0, pairs));
            result.Place<T>(staging.AsSpan(0, pairs), nngp, n2, r0, rows, c0, cols, mirror);
        }
        if (ntk is not null)
        {
            tile.Ntk!.Flat().SubView(0, pairs).CopyToCPU(staging.AsSpan(0, pairs));
            result.Place<T>(staging.AsSpan(0, pairs), ntk, n2, r0, rows, c0, cols, mirror);
        }
        if (firstOfRow)
        {
            int length = rows * result.PerPair;
            tile.Cov1.Flat().SubView(0, length).CopyToCPU(staging.AsSpan(0, length));
            result.PlaceVariances<T>(staging.AsSpan(0, length), cov1, r0, rows);
        }
        if (firstOfColumn)
        {
            int length = cols * result.PerPair;
            tile.Cov2.Flat().SubView(0, length).CopyToCPU(staging.AsSpan(0, length));
            result.PlaceVariances<T>(staging.AsSpan(0, length), cov2, c0, cols);
        }
    }

    /// <summary>Copies a rows × cols tile from the device through <paramref name="staging"/> into the items × items result (see <see cref="Place{T}"/>).</summary>
    private static void Store<T>(MemoryBuffer1D<T, Stride1D.Dense> source, Span<T> staging, T[] target, int n2, int r0, int rows, int c0, int cols, bool mirror)
        where T : unmanaged
    {
        source.Flat().SubView(0, (long)rows * cols).CopyToCPU(staging);
        Place(staging, target, n2, r0, rows, c0, cols, mirror);
    }

    /// <summary>
    /// Copies a rows × cols tile into the n1 × n2 result, and its transpose into the mirrored place when asked; in
    /// parallel over bands of rows (the first writes into the result also fault its pages in).
    /// </summary>
    private static void Place<T>(ReadOnlySpan<T> tile, T[] target, int n2, int r0, int rows, int c0, int cols, bool mirror)
        where T : unmanaged
    {
        // Square blocks for the transpose, so that reads and writes both stay within a few cache lines.
        const int Block = 64;
        unsafe
        {
            fixed (T* source = tile)
            {
                nint address = (nint)source;
                System.Threading.Tasks.Parallel.For(0, (rows + Block - 1) / Block, band =>
                {
                    var from = new ReadOnlySpan<T>((T*)address, rows * cols);
                    int first = band * Block, last = Math.Min(rows, first + Block);
                    for (int r = first; r < last; r++)
                        from.Slice(r * cols, cols).CopyTo(target.AsSpan((int)((long)(r0 + r) * n2 + c0), cols));
                    if (!mirror) return;
                    for (int cb = 0; cb < cols; cb += Block)
                        for (int c = cb; c < Math.Min(cb + Block, cols); c++)
                        {
                            long row = (long)(c0 + c) * n2 + r0;
                            for (int r = first; r < last; r++) target[row + r] = from[r * cols + c];
                        }
                });
            }
        }
    }
}
