using System.Numerics;

namespace NeuralTangents.Storage;

/// <summary>
/// Writes kernel tiles into the files of a <see cref="StoredKernel{T}"/>: creates them on the first tile (whose shape
/// tells the spatial axes), puts each tile's NNGP/NTK block in place (and its transpose for mirrored tiles), and the
/// variances of the tiles that carry them. With <c>resume</c> the files already exist (an interrupted job's) and are
/// opened for writing instead, checked against the shapes the first new tile implies.
/// </summary>
internal sealed class StoredTileWriter<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly string _folder;
    private readonly KernelOutputs _get;
    private readonly int _n1, _n2;
    private readonly bool _hasX2, _overwrite, _resume;
    private NpyFile<T>? _nngp, _ntk, _cov1, _cov2;
    private T[]? _transposed;

    public StoredTileWriter(string folder, KernelOutputs get, int n1, int n2, bool hasX2, bool overwrite, bool resume = false)
    {
        _resume = resume;
        _folder = folder;
        _get = get;
        _n1 = n1;
        _n2 = n2;
        _hasX2 = hasX2;
        _overwrite = overwrite;
    }

    public void Write(StoredTile tile, Kernel<T> kernel) => Write(tile, new TileData<T>
    {
        Nngp = kernel.Nngp is { } nngp ? nngp.Data : default,
        Ntk = kernel.Ntk is { } ntk ? ntk.Data : default,
        Cov1 = kernel.Cov1.Data,
        Cov2 = kernel.Cov2 is { } cov2 ? cov2.Data : default,
        KernelAxes = (kernel.Nngp ?? kernel.Ntk)!.Shape[2..],
        VarianceAxes = kernel.Cov1.Shape[1..],
    });

    /// <summary>Writes a tile whose arrays the caller has checked against the tile's shape.</summary>
    public void Write(StoredTile tile, TileData<T> data)
    {
        if (_cov1 is null) CreateFiles(data);
        if ((_get & KernelOutputs.Nngp) != 0) Block(_nngp!, tile, data.Nngp);
        if ((_get & KernelOutputs.Ntk) != 0) Block(_ntk!, tile, data.Ntk);
        if (tile.CarriesRowVariances) _cov1!.WriteRows(tile.Row, data.Cov1);
        if (_hasX2 && tile.CarriesColumnVariances) _cov2!.WriteRows(tile.Column, data.Cov2);
    }

    /// <summary>Flushes the tiles written so far to the files (a no-op before the first tile).</summary>
    public void Flush()
    {
        foreach (var file in new[] { _nngp, _ntk, _cov1, _cov2 }) file?.Flush();
    }

    public StoredKernel<T> Finish()
    {
        var result = new StoredKernel<T>(_folder, _nngp, _ntk, _cov1, _cov2);
        foreach (var file in new[] { _nngp, _ntk, _cov1, _cov2 }) file?.Flush();
        _nngp = _ntk = _cov1 = _cov2 = null;
        return result;
    }

    public void Dispose()
    {
        foreach (var file in new[] { _nngp, _ntk, _cov1, _cov2 }) file?.Dispose();
    }

    private void CreateFiles(TileData<T> first)
    {
        NpyFile<T> Create(string name, int[] shape) => _resume
            ? NpyFile<T>.Open(Path.Combine(_folder, name), shape, writable: true)
            : NpyFile<T>.Create(Path.Combine(_folder, name), shape, _overwrite);
        _cov1 = Create(StoredKernel<T>.Cov1FileName, [_n1, .. first.VarianceAxes]);
        if (_hasX2) _cov2 = Create(StoredKernel<T>.Cov2FileName, [_n2, .. first.VarianceAxes]);
        if ((_get & KernelOutputs.Nngp) != 0) _nngp = Create(StoredKernel<T>.NngpFileName, [_n1, _n2, .. first.KernelAxes]);
        if ((_get & KernelOutputs.Ntk) != 0) _ntk = Create(StoredKernel<T>.NtkFileName, [_n1, _n2, .. first.KernelAxes]);
    }

    private void Block(NpyFile<T> file, StoredTile tile, ReadOnlySpan<T> block)
    {
        file.WriteBlock(tile.Row, tile.Column, tile.Rows, tile.Columns, block);
        if (!tile.Mirrored) return;
        // One buffer for every transpose: a fresh array per tile is fresh memory, whose pages fault in on first touch.
        if (_transposed is null || _transposed.Length < block.Length) _transposed = new T[block.Length];
        var transposed = _transposed.AsSpan(0, block.Length);
        // In square blocks: a row-by-row transpose writes each element of a large tile to another cache line and page.
        const int Square = 32;
        for (int i0 = 0; i0 < tile.Rows; i0 += Square)
        {
            int i1 = Math.Min(i0 + Square, tile.Rows);
            for (int j0 = 0; j0 < tile.Columns; j0 += Square)
            {
                int j1 = Math.Min(j0 + Square, tile.Columns);
                for (int i = i0; i < i1; i++)
                    for (int j = j0; j < j1; j++) transposed[j * tile.Rows + i] = block[i * tile.Columns + j];
            }
        }
        file.WriteBlock(tile.Column, tile.Row, tile.Columns, tile.Rows, transposed);
    }
}
