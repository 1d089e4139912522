namespace NeuralTangents.Distributed;

/// <summary>Where a distributed job stands, as the submitting client reports it after each stored tile.</summary>
/// <param name="TilesDone">Tiles stored, including those stored before a resume.</param>
/// <param name="TilesTotal">Tiles in the job's grid.</param>
/// <param name="TilesResumed">Tiles found stored when this run started (not computed again).</param>
/// <param name="Elapsed">Time since this run started.</param>
/// <param name="TilesPerSecond">Tiles stored per second in this run.</param>
/// <param name="Eta">Estimated time to the last tile at the current rate; null before the first tile of this run.</param>
/// <param name="JobHost">The silo the job grain runs on (<c>SiloAddress.ToParsableString()</c>).</param>
public sealed record DistributedProgress(int TilesDone, int TilesTotal, int TilesResumed, TimeSpan Elapsed, double TilesPerSecond, TimeSpan? Eta, string JobHost);
