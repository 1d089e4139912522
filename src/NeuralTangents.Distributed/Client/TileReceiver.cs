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
    private readonly int[] _shape1, _shape2;

    public TileReceiver(PreparedJob job, ProgressFile progress, StoredTileWriter<T> writer, int[] shape1, int[] shape2)
    {
        _job = job;
        _progress = progress;
        _writer = writer;
        _shape1 = shape1;
        _shape2 = shape2;
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
        var kernel = new Kernel<T>
        {
            Nngp = Block(result.Nngp, KernelOutputs.Nngp, tile, $"{what}'s NNGP"),
            Ntk = Block(result.Ntk, KernelOutputs.Ntk, tile, $"{what}'s NTK"),
            Cov1 = Rows(result.Cov1, tile.Rows, $"{what}'s cov1"),
            Cov2 = tile.Diagonal ? null : Rows(result.Cov2, tile.Columns, $"{what}'s cov2"),
            Shape1 = _shape1,
            Shape2 = _shape2,
        };
        // Not forced to disk per tile (an fsync per tile costs more than computing it): the data is in the page
        // cache before the line is appended, which is enough when processes die; after a power loss, the checksums,
        // verified on resume, catch the tiles whose data did not reach the disk.
        _writer.Write(tile, kernel);
        _progress.Append(result.Index, TileChecksum.Of(kernel.Nngp, kernel.Ntk, tile.CarriesRowVariances ? kernel.Cov1 : null,
            _job.HasX2 && tile.CarriesColumnVariances ? kernel.Cov2 : null));
        return true;
    }

    public void Dispose() => _writer.Dispose();

    public StoredKernel<T> Finish() => _writer.Finish();

    private Tensor<T>? Block(WireArray? array, KernelOutputs output, StoredTile tile, string what)
    {
        bool requested = (_job.Outputs & output) != 0;
        if (!requested) return array is null ? null : throw new InvalidDataException($"{what} was not requested but was received.");
        var block = Rows(array, tile.Rows, what);
        if (block.Rank < 2 || block.Dim(1) != tile.Columns)
            throw new InvalidDataException($"{what} has shape {block.ShapeText}, expected ({tile.Rows}, {tile.Columns}, …).");
        return block;
    }

    private static Tensor<T> Rows(WireArray? array, int rows, string what)
    {
        var tensor = (array ?? throw new InvalidDataException($"{what} is missing.")).ToTensor<T>(what);
        if (tensor.Rank == 0 || tensor.Dim(0) != rows) throw new InvalidDataException($"{what} has shape {tensor.ShapeText}, expected {rows} rows.");
        return tensor;
    }
}
