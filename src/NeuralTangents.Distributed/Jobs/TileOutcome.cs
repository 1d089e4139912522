namespace NeuralTangents.Distributed;

/// <summary>What became of a tile a worker was asked for (its data goes straight to the client, not back to the job grain).</summary>
/// <param name="Index">The tile.</param>
/// <param name="Kind">Delivered, refused, or computed but not delivered.</param>
/// <param name="Error">Why the tile was refused or not delivered; null when delivered.</param>
[GenerateSerializer, Immutable, Alias("nt.TileOutcome")]
public sealed record TileOutcome([property: Id(0)] int Index, [property: Id(1)] TileOutcomeKind Kind, [property: Id(2)] string? Error)
{
    /// <summary>The tile reached the client, which stored it (or already had it).</summary>
    /// <param name="index">The tile.</param>
    public static TileOutcome Delivered(int index) => new(index, TileOutcomeKind.Delivered, null);

    /// <summary>The tile cannot be computed (invalid job, tile outside the grid, rejected inputs): the job fails.</summary>
    /// <param name="index">The tile.</param>
    /// <param name="error">The reason.</param>
    public static TileOutcome Refused(int index, string error) => new(index, TileOutcomeKind.Refused, error);

    /// <summary>The tile was computed but the client did not take it (unreachable, or no longer running the job).</summary>
    /// <param name="index">The tile.</param>
    /// <param name="error">What the delivery failed with.</param>
    public static TileOutcome Undelivered(int index, string error) => new(index, TileOutcomeKind.Undelivered, error);
}

/// <summary>The kinds of <see cref="TileOutcome"/>.</summary>
public enum TileOutcomeKind
{
    /// <summary>The client stored the tile.</summary>
    Delivered,

    /// <summary>The tile cannot be computed; the job fails.</summary>
    Refused,

    /// <summary>The client did not take the tile; it goes back to the queue and the job waits for its client.</summary>
    Undelivered,
}
