namespace NeuralTangents.Storage;

/// <summary>
/// One computed tile's arrays as <see cref="StoredTileWriter{T}"/> writes them, row-major, without owning them: the
/// NNGP and NTK blocks (rows × columns × <see cref="KernelAxes"/>; empty when not computed), the variances of the rows
/// and of the columns (items × <see cref="VarianceAxes"/>; cov2 empty when the tile carries none). A tile computed here
/// lends its tensors' arrays; a tile received from a cluster lends the bytes it arrived in, so nothing is copied first.
/// </summary>
internal readonly ref struct TileData<T> where T : unmanaged
{
    public ReadOnlySpan<T> Nngp { get; init; }

    public ReadOnlySpan<T> Ntk { get; init; }

    public ReadOnlySpan<T> Cov1 { get; init; }

    public ReadOnlySpan<T> Cov2 { get; init; }

    /// <summary>The kernel blocks' axes after rows and columns (the spatial axes; empty for items × items kernels).</summary>
    public required int[] KernelAxes { get; init; }

    /// <summary>Cov1's axes after its items, which cov2 shares.</summary>
    public required int[] VarianceAxes { get; init; }
}
