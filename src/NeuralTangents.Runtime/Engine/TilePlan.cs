using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>
/// How an N1×N2 kernel is cut into tiles that fit the device memory budget. A tile of b1×b2 entries needs
/// <see cref="BytesPerEntry"/> bytes per entry: each live branch holds nngp (and ntk) on the device, and the
/// host stages the input Gram block.
/// </summary>
internal sealed record TilePlan(int Rows, int Cols, int RowTile, int ColTile, long BytesPerEntry, bool Symmetric)
{
    public int RowTiles => (Rows + RowTile - 1) / RowTile;

    public int ColTiles => (Cols + ColTile - 1) / ColTile;

    /// <summary>Tiles actually computed: with a symmetric plan only those on or above the diagonal.</summary>
    public int TilesComputed => Symmetric ? RowTiles * (RowTiles + 1) / 2 : RowTiles * ColTiles;

    /// <summary>Device bytes of the largest tile.</summary>
    public long TileBytes => (long)RowTile * ColTile * BytesPerEntry;

    /// <summary>The spatial covariance the computation builds, or null for fully-connected activations.</summary>
    public SpatialDemand? Spatial { get; init; }

    /// <summary>Plans tiles for a kernel of <paramref name="rows"/>×<paramref name="cols"/> within <paramref name="budgetBytes"/>.</summary>
    /// <exception cref="InsufficientMemoryException">Not even a tile of one row and 64 columns fits the budget.</exception>
    public static TilePlan Create(int rows, int cols, int elementSize, int arraysPerBranch, int peakBranches, long budgetBytes, int? forcedTile, bool symmetric,
        long? responsiveBytes = null)
        => Create(rows, cols, elementSize, arraysPerBranch, peakBranches, budgetBytes, forcedTile, symmetric, spatial: null, responsiveBytes);

    /// <summary>
    /// Plans tiles for a network whose activations have spatial axes: every pair of items then holds up to
    /// <see cref="SpatialDemand.PeakEntriesPerPair"/> values per array, and a spatial layer holds its input and
    /// output arrays at once. When <c>responsiveBytes</c> is set, tiles are also kept within that many bytes of working
    /// memory (but hold at least one pair), so that a tile that cannot be interrupted (device kernels, the interpreted
    /// layers) ends soon enough for a cancellation to take effect and for progress to be reported more than once; unlike
    /// the budget, it never makes a plan fail.
    /// </summary>
    /// <exception cref="InsufficientMemoryException">Not even one pair of items fits the budget (checked before anything is allocated).</exception>
    public static TilePlan Create(int rows, int cols, int elementSize, int arraysPerBranch, int peakBranches, long budgetBytes, int? forcedTile, bool symmetric,
        SpatialDemand? spatial, long? responsiveBytes = null)
    {
        long bytesPerEntry = spatial is null
            ? CovarianceDemand.BytesPerPair(elementSize, arraysPerBranch, peakBranches)
            : CovarianceDemand.BytesPerPair(elementSize, arraysPerBranch, peakBranches, spatial.PeakEntriesPerPair, spatial.InputEntriesPerPair);
        long maxEntries = budgetBytes / bytesPerEntry;
        if (spatial is not null && maxEntries < 1)
            throw new InsufficientMemoryException(
                $"One pair of items needs {bytesPerEntry} bytes of kernel working memory ({spatial}), more than the memory budget of {budgetBytes} bytes. " +
                "Reduce it by flattening or pooling earlier (Flatten, GlobalAvgPool and strided layers shrink the covariance; only pooling layers need the full form), " +
                "by smaller images, by computing only nngp, or raise KernelOptions.MemoryBudgetBytes.");
        if (spatial is null && maxEntries < Math.Min(64, (long)rows * cols))
            throw new InsufficientMemoryException(
                $"The kernel engine's memory budget of {budgetBytes} bytes cannot hold even a 1×64 tile at {bytesPerEntry} bytes per entry " +
                $"({peakBranches} live branch(es) × {arraysPerBranch} array(s)); raise KernelOptions.MemoryBudgetBytes.");

        if (responsiveBytes is long responsive) maxEntries = Math.Min(maxEntries, Math.Max(1, responsive / bytesPerEntry));

        int side = (int)Math.Min(int.MaxValue, Math.Max(1, (long)Math.Sqrt(maxEntries)));
        if (forcedTile is int forced) side = Math.Min(side, Math.Max(1, forced));
        int rowTile = Math.Min(rows, side);
        int colTile = symmetric ? rowTile : (int)Math.Min(cols, Math.Max(side, maxEntries / Math.Max(1, rowTile)));
        if (forcedTile is not null) colTile = Math.Min(colTile, Math.Max(1, forcedTile.Value));
        return new TilePlan(rows, cols, Math.Max(1, rowTile), Math.Max(1, colTile), bytesPerEntry, symmetric) { Spatial = spatial };
    }

    public override string ToString() =>
        $"{Rows}×{Cols} in {TilesComputed} tile(s) of up to {RowTile}×{ColTile} ({TileBytes / (1 << 20)} MiB each){(Symmetric ? ", symmetric" : "")}{(Spatial is null ? "" : $"; {Spatial}")}";

    internal static string ShapeOf(int[] shape) => Shapes.Format(shape);
}
