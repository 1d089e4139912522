using System.Numerics;
using NeuralTangents.Storage;

namespace NeuralTangents.Distributed;

/// <summary>
/// The client's end of a job: checks each tile received from the cluster against the job's grid and shapes, writes
/// it into the store with the store's own tile writer, and records it with its checksum in the progress file.
/// </summary>
internal sealed class TileReceiver<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly PreparedJob _job;
    private readonly ProgressFile _progress;
    private readonly StoredTileWriter<T> _writer;

    public TileReceiver(PreparedJob job, ProgressFile progress, StoredTileWriter<T> writer)
    {
        _job = job;
        _progress = progress;
        _writer = writer;
    }

    /// <summary>Stores <paramref name="result"/>; false when the tile was already stored (a duplicate is dropped).</summary>
    /// <exception cref="InvalidDataException">The tile is outside the grid, or an array is missing or of the wrong shape.</exception>
    public bool Store(TileResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Index < 0 || result.Index >= _job.Tiles.Count)
            throw new InvalidDataException($"Received tile {result.Index}, outside the job's grid of {_job.Tiles.Count} tiles (0…{_job.Tiles.Count - 1}).");
        if (_progress.Finished.ContainsKey(result.Index)) return false;
        var tile = _job.Tiles[result.Index];
        string what = $"tile {result.Index}";
        // The received bytes are written and hashed in place: a copy into tensors first cost a copy and the page faults of
        // a fresh 8 MB array per 1000-item float32 tile, a tenth of the client's processor time.
        var nngp = Block(result.Nngp, KernelOutputs.Nngp, tile, $"{what}'s NNGP", out var nngpAxes);
        var ntk = Block(result.Ntk, KernelOutputs.Ntk, tile, $"{what}'s NTK", out var ntkAxes);
        if (nngpAxes is not null && ntkAxes is not null && !nngpAxes.AsSpan().SequenceEqual(ntkAxes))
            throw new InvalidDataException($"{what}'s NNGP has axes ({string.Join(", ", nngpAxes)}) after rows and columns, its NTK ({string.Join(", ", ntkAxes)}).");
        var cov1 = Rows(result.Cov1, tile.Rows, $"{what}'s cov1", out var varianceAxes);
        var cov2 = tile.Diagonal ? default : Rows(result.Cov2, tile.Columns, $"{what}'s cov2", out _);
        var data = new TileData<T> { Nngp = nngp, Ntk = ntk, Cov1 = cov1, Cov2 = cov2, KernelAxes = (nngpAxes ?? ntkAxes)!, VarianceAxes = varianceAxes };
        // Not forced to disk per tile (an fsync per tile costs more than computing it): the data is in the page
        // cache before the line is appended, which is enough when processes die; after a power loss, the checksums,
        // verified on resume, catch the tiles whose data did not reach the disk.
        _writer.Write(tile, data);
        _progress.Append(result.Index, TileChecksum.Of(nngp, ntk, tile.CarriesRowVariances ? cov1 : default,
            _job.HasX2 && tile.CarriesColumnVariances ? cov2 : default));
        return true;
    }

    public void Dispose() => _writer.Dispose();

    public StoredKernel<T> Finish() => _writer.Finish();

    /// <summary>A kernel block's elements and its axes after rows and columns (null axes when the output was not requested).</summary>
    private ReadOnlySpan<T> Block(WireArray? array, KernelOutputs output, StoredTile tile, string what, out int[]? axes)
    {
        axes = null;
        bool requested = (_job.Outputs & output) != 0;
        if (!requested) return array is null ? default : throw new InvalidDataException($"{what} was not requested but was received.");
        var block = Rows(array, tile.Rows, what, out _);
        if (array!.Shape.Length < 2 || array.Shape[1] != tile.Columns)
            throw new InvalidDataException($"{what} has shape ({string.Join(", ", array.Shape)}), expected ({tile.Rows}, {tile.Columns}, …).");
        axes = array.Shape[2..];
        return block;
    }

    /// <summary>An array's elements, checked to have <paramref name="rows"/> rows, and its axes after the rows.</summary>
    private static ReadOnlySpan<T> Rows(WireArray? array, int rows, string what, out int[] axes)
    {
        var elements = (array ?? throw new InvalidDataException($"{what} is missing.")).Elements<T>(what);
        if (array.Shape.Length == 0 || array.Shape[0] != rows)
            throw new InvalidDataException($"{what} has shape ({string.Join(", ", array.Shape)}), expected {rows} rows.");
        axes = array.Shape[1..];
        return elements;
    }
}
