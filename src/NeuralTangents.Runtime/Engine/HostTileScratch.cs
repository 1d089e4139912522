namespace NeuralTangents.Engine;

/// <summary>
/// Scratch memory of the host tile path (x1 against another x2), allocated at its first use and then reused by
/// every tile of the computation: tiles are computed one after another, and allocating per tile would put a
/// rows × n2 array on the large-object heap for every tile of an NTK-only kernel.
/// </summary>
internal sealed class HostTileScratch<T> where T : unmanaged
{
    private readonly int _rowTile, _colTile, _resultStride;
    private T[]? _inputKernel, _rowVariances, _columnVariances;

    /// <summary>Scratch for the tiles of <paramref name="plan"/> of a result with row stride <paramref name="resultStride"/> (n2).</summary>
    public HostTileScratch(TilePlan plan, int resultStride)
    {
        _rowTile = plan.RowTile;
        _colTile = plan.ColTile;
        _resultStride = resultStride;
    }

    /// <summary>
    /// Room for the input kernel of the largest tile laid out with the result's row stride (the fused chain reads
    /// it and writes the ntk in one layout), for kernels whose nngp is not requested.
    /// </summary>
    public T[] InputKernel => _inputKernel ??= new T[(long)(_rowTile - 1) * _resultStride + _colTile];

    /// <summary>Where a tile that does not start its row writes row variances that are already stored.</summary>
    public Span<T> DiscardedRowVariances(int rows) => (_rowVariances ??= new T[_rowTile]).AsSpan(0, rows);

    /// <summary>Where a tile that does not start its column writes column variances that are already stored.</summary>
    public Span<T> DiscardedColumnVariances(int cols) => (_columnVariances ??= new T[_colTile]).AsSpan(0, cols);
}
