namespace NeuralTangents;

/// <summary>Progress of a tiled kernel computation.</summary>
/// <param name="TilesDone">Tiles finished so far.</param>
/// <param name="TilesTotal">Tiles in the whole computation.</param>
/// <param name="EntriesDone">Kernel entries (i, j) finished so far, counting mirrored ones.</param>
/// <param name="Elapsed">Time since the computation started.</param>
public readonly record struct KernelProgress(int TilesDone, int TilesTotal, long EntriesDone, TimeSpan Elapsed)
{
    /// <summary>The finished fraction in [0, 1].</summary>
    public double Fraction => TilesTotal == 0 ? 1 : (double)TilesDone / TilesTotal;
}
