using System.Collections.Concurrent;
using NeuralTangents.Distributed;

namespace NeuralTangents.Distributed.Tests.Support;

/// <summary>
/// A tile sink for tests that drive the grains directly: records each delivered tile (its job, index and byte count),
/// or refuses every tile while <see cref="Refusing"/> is set, as a client that stopped taking tiles does.
/// </summary>
internal sealed class RecordingSink : ITileSink
{
    private readonly ConcurrentQueue<(string JobId, int Index, int Bytes)> _delivered = new();

    /// <summary>Whether deliveries are refused (they throw, and the tile counts as undelivered).</summary>
    public volatile bool Refusing;

    /// <summary>The tiles delivered and kept, in order.</summary>
    public IReadOnlyList<(string JobId, int Index, int Bytes)> Delivered => [.. _delivered];

    public Task Deliver(string jobId, TileResult result)
    {
        try
        {
            if (Refusing) throw new InvalidOperationException("The test's sink refuses tiles.");
            _delivered.Enqueue((jobId, result.Index, result.Data.Length));
        }
        finally
        {
            result.Data.Dispose();
        }
        return Task.CompletedTask;
    }
}
