using System.Numerics;
using System.Runtime.InteropServices;
using NeuralTangents.Storage;

namespace NeuralTangents.Distributed;

/// <summary>
/// The client's end of a job: checks each tile received from the cluster against the job's grid and shapes, writes
/// it into the store with the store's own tile writer, and records it with its checksum in the progress file. Not
/// thread-safe: <see cref="JobClientObserver{T}"/> calls it under its lock.
/// </summary>
internal sealed class TileReceiver<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly JobPlan _job;
    private readonly ProgressFile _progress;
    private readonly StoredTileWriter<T> _writer;
    // One tile's elements, reused from tile to tile: a fresh array per tile would cost its page faults every time.
    private T[] _elements = [];
    private (int[] Kernel, int[] Variance)? _axes;

    public TileReceiver(JobPlan job, ProgressFile progress, StoredTileWriter<T> writer)
    {
        _job = job;
        _progress = progress;
        _writer = writer;
    }

    /// <summary>Stores <paramref name="result"/>; false when the tile was already stored (a duplicate is dropped). Does not dispose of its data.</summary>
    /// <exception cref="InvalidDataException">The tile is outside the grid, a part is missing, unrequested or of the wrong shape, or the data does not hold the parts.</exception>
    public bool Store(TileResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Index < 0 || result.Index >= _job.Tiles.Count)
            throw new InvalidDataException($"Received tile {result.Index}, outside the job's grid of {_job.Tiles.Count} tiles (0…{_job.Tiles.Count - 1}).");
        if (_progress.Finished.ContainsKey(result.Index)) return false;
        var tile = _job.Tiles[result.Index];
        string what = $"tile {result.Index}";
        long nngp = Block(result.NngpShape, KernelOutputs.Nngp, tile, $"{what}'s NNGP", out var nngpAxes);
        long ntk = Block(result.NtkShape, KernelOutputs.Ntk, tile, $"{what}'s NTK", out var ntkAxes);
        if (nngpAxes is not null && ntkAxes is not null && !nngpAxes.AsSpan().SequenceEqual(ntkAxes))
            throw new InvalidDataException($"{what}'s NNGP has axes ({WireShape.Text(nngpAxes)}) after rows and columns, its NTK ({WireShape.Text(ntkAxes)}).");
        long cov1 = Rows(result.Cov1Shape, tile.Rows, $"{what}'s cov1", out var varianceAxes);
        long cov2 = 0;
        if (!tile.Diagonal)
        {
            cov2 = Rows(result.Cov2Shape, tile.Columns, $"{what}'s cov2", out var columnAxes);
            if (!columnAxes.AsSpan().SequenceEqual(varianceAxes))
                throw new InvalidDataException($"{what}'s cov2 has axes ({WireShape.Text(columnAxes)}) after its items, its cov1 ({WireShape.Text(varianceAxes)}).");
        }
        else if (result.Cov2Shape is not null) throw new InvalidDataException($"{what} is on the diagonal and has no cov2, but one was received.");
        var kernelAxes = (nngpAxes ?? ntkAxes)!;
        // Every tile of a job has the axes of the first one received (the store's files were made for them).
        _axes ??= (kernelAxes, varianceAxes);
        if (!kernelAxes.AsSpan().SequenceEqual(_axes.Value.Kernel) || !varianceAxes.AsSpan().SequenceEqual(_axes.Value.Variance))
            throw new InvalidDataException($"{what} has kernel axes ({WireShape.Text(kernelAxes)}) and variance axes ({WireShape.Text(varianceAxes)}), "
                + $"the job's first tile ({WireShape.Text(_axes.Value.Kernel)}) and ({WireShape.Text(_axes.Value.Variance)}).");
        long elements = nngp + ntk + cov1 + cov2;
        int size = Marshal.SizeOf<T>();
        if (result.Data.Length != elements * size)
            throw new InvalidDataException($"{what}: {result.Data.Length} bytes do not hold its parts ({Parts(result)}) of {size}-byte elements ({elements * size} bytes).");
        if (_elements.Length < elements) _elements = GC.AllocateUninitializedArray<T>((int)elements);
        var all = _elements.AsSpan(0, (int)elements);
        result.Data.CopyTo(MemoryMarshal.AsBytes(all));
        var nngpData = all[..(int)nngp];
        var ntkData = all.Slice((int)nngp, (int)ntk);
        var cov1Data = all.Slice((int)(nngp + ntk), (int)cov1);
        var cov2Data = all.Slice((int)(nngp + ntk + cov1), (int)cov2);
        var data = new TileData<T> { Nngp = nngpData, Ntk = ntkData, Cov1 = cov1Data, Cov2 = cov2Data, KernelAxes = kernelAxes, VarianceAxes = varianceAxes };
        // Not forced to disk per tile (an fsync per tile costs more than computing it): the data is in the page
        // cache before the line is appended, which is enough when processes die; after a power loss, the checksums,
        // verified on resume, catch the tiles whose data did not reach the disk.
        _writer.Write(tile, data);
        _progress.Append(result.Index, TileChecksum.Of<T>(nngpData, ntkData, tile.CarriesRowVariances ? cov1Data : default,
            _job.HasX2 && tile.CarriesColumnVariances ? cov2Data : default));
        return true;
    }

    /// <summary>The number of tiles stored, resumed ones included.</summary>
    public int Stored => _progress.Finished.Count;

    /// <summary>The tiles stored, resumed ones included.</summary>
    public int[] StoredTiles() => [.. _progress.Finished.Keys];

    public void Dispose() => _writer.Dispose();

    public StoredKernel<T> Finish() => _writer.Finish();

    /// <summary>A kernel block's element count and its axes after rows and columns (0 and null axes when the output was not requested).</summary>
    private long Block(int[]? shape, KernelOutputs output, StoredTile tile, string what, out int[]? axes)
    {
        axes = null;
        bool requested = (_job.Outputs & output) != 0;
        if (!requested) return shape is null ? 0 : throw new InvalidDataException($"{what} was not requested but was received.");
        long elements = Rows(shape, tile.Rows, what, out _);
        if (shape!.Length < 2 || shape[1] != tile.Columns)
            throw new InvalidDataException($"{what} has shape ({WireShape.Text(shape)}), expected ({tile.Rows}, {tile.Columns}, …).");
        axes = shape[2..];
        return elements;
    }

    /// <summary>An array's element count, checked to have <paramref name="rows"/> rows, and its axes after the rows.</summary>
    private static long Rows(int[]? shape, int rows, string what, out int[] axes)
    {
        if (shape is null) throw new InvalidDataException($"{what} is missing.");
        long elements = WireShape.Elements(shape, what);
        if (shape.Length == 0 || shape[0] != rows)
            throw new InvalidDataException($"{what} has shape ({WireShape.Text(shape)}), expected {rows} rows.");
        axes = shape[1..];
        return elements;
    }

    private static string Parts(TileResult result)
    {
        var parts = new List<string>();
        void Add(string name, int[]? shape)
        {
            if (shape is not null) parts.Add($"{name} ({WireShape.Text(shape)})");
        }
        Add("NNGP", result.NngpShape);
        Add("NTK", result.NtkShape);
        Add("cov1", result.Cov1Shape);
        Add("cov2", result.Cov2Shape);
        return string.Join(", ", parts);
    }
}
