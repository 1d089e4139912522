using System.Diagnostics;
using System.Numerics;
using NeuralTangents.Storage;

namespace NeuralTangents;

/// <summary>
/// Computes kernels straight into a <see cref="StoredKernel{T}"/> folder of <c>.npy</c> files, tile by
/// tile, so a kernel larger than memory never exists as one array: each tile is the public
/// <see cref="ILayer.KernelFn{T}"/> of a block of x1 against a block of x2, written into its place and dropped.
/// </summary>
public static class KernelStore
{
    /// <summary>
    /// The kernels of <paramref name="network"/> for x1 against x2 (x1 against itself when <paramref name="x2"/> is null),
    /// written into <paramref name="folder"/> as nngp.npy, ntk.npy, cov1.npy and cov2.npy (see <see cref="StoredKernel{T}"/>).
    /// </summary>
    /// <remarks>
    /// The tiles are <paramref name="tileItems"/> × <paramref name="tileItems"/> items; each is one call of
    /// <see cref="ILayer.KernelFn{T}"/> with <paramref name="options"/> (which also tiles it internally to its memory budget), so
    /// every entry equals the in-memory kernel's up to the rounding of the input Gram products of differently sized
    /// blocks. For x1 against itself with items × items outputs only the tiles on and above the diagonal are computed
    /// and each is mirrored below it; the diagonal tiles are computed as x1-block against itself. Memory: one tile's
    /// kernels (2·tileItems²·values per entry) plus what the operating system caches of the files.
    /// <see cref="KernelOptions.Progress"/> receives one report per stored tile; <see cref="KernelOptions.CancellationToken"/>
    /// stops between and inside tiles (the files then hold the tiles finished so far, zeros elsewhere).
    /// </remarks>
    /// <param name="network">The network.</param>
    /// <param name="x1">The first inputs, batch axis first.</param>
    /// <param name="x2">The second inputs, or null for x1 against itself.</param>
    /// <param name="folder">The folder of the files; created if missing.</param>
    /// <param name="get">Which kernels to compute and store.</param>
    /// <param name="tileItems">Items per side of a stored tile.</param>
    /// <param name="overwrite">Whether existing files of the same names are replaced; false refuses them.</param>
    /// <param name="options">The engine, memory budget and other options of each tile's computation.</param>
    /// <returns>The stored kernel, open for reading and writing.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tileItems"/> is below 1.</exception>
    /// <exception cref="ArgumentException">x1 has no items, or an input fails <see cref="ILayer.KernelFn{T}"/>'s checks.</exception>
    /// <exception cref="NotSupportedException">The options carry graph patterns (Aggregate layers), which are not split into tiles here.</exception>
    /// <exception cref="IOException">A file exists and <paramref name="overwrite"/> is false.</exception>
    /// <exception cref="OperationCanceledException">The options' cancellation token was cancelled.</exception>
    public static StoredKernel<T> Compute<T>(ILayer network, Tensor<T> x1, Tensor<T>? x2, string folder, KernelOutputs get = KernelOutputs.Both,
        int tileItems = 1024, bool overwrite = false, KernelOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(x1);
        ArgumentNullException.ThrowIfNull(folder);
        if (tileItems < 1) throw new ArgumentOutOfRangeException(nameof(tileItems), tileItems, "A stored tile needs at least one item per side.");
        if (x1.Rank == 0 || x1.Dim(0) == 0) throw new ArgumentException($"x1 must have at least one item, got shape {x1.ShapeText}.", nameof(x1));
        if (x2 is not null && (x2.Rank == 0 || x2.Dim(0) == 0)) throw new ArgumentException($"x2 must have at least one item, got shape {x2.ShapeText}.", nameof(x2));
        if ((get & KernelOutputs.Both) == 0) throw new ArgumentOutOfRangeException(nameof(get), get, "Request the NNGP, the NTK or both.");
        options ??= KernelOptions.Default;
        if (options.Pattern1 is not null || options.Pattern2 is not null)
            throw new NotSupportedException("KernelStore.Compute does not split graph patterns (KernelOptions.Pattern1/Pattern2) into tiles; compute kernels of Aggregate networks with KernelFn.");
        Directory.CreateDirectory(folder);
        var tileOptions = options with { Progress = null };
        int n1 = x1.Dim(0), n2 = x2?.Dim(0) ?? n1;
        // Items × items kernels of x1 against itself are symmetric: the tiles below the diagonal are transposes.
        bool mirror = x2 is null && network.OutputShape(x1.Shape).Length == 2;
        var tiles = StoredTile.Grid(n1, n2, tileItems, x2 is null, mirror);
        var clock = Stopwatch.StartNew();
        long entries = 0;
        var writer = new StoredTileWriter<T>(folder, get, n1, n2, x2 is not null, overwrite);
        try
        {
            for (int done = 0; done < tiles.Count; done++)
            {
                options.CancellationToken.ThrowIfCancellationRequested();
                var tile = tiles[done];
                var rows = x1.SliceRows(tile.Row, tile.Rows);
                var columns = tile.Diagonal ? null : (x2 ?? x1).SliceRows(tile.Column, tile.Columns);
                writer.Write(tile, network.KernelFn(rows, columns, get, tileOptions));
                entries += tile.Entries;
                options.Progress?.Report(new KernelProgress(done + 1, tiles.Count, entries, clock.Elapsed));
            }
            return writer.Finish();
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }
}
