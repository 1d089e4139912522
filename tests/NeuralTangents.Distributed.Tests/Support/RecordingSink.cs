using System.Collections.Concurrent;
using NeuralTangents.Distributed;

namespace NeuralTangents.Distributed.Tests.Support;

/// <summary>
/// A job client for tests that drive the grains directly: serves the inputs given to <see cref="Serve"/>, records each
/// delivered tile (its job, index and byte count), or refuses every tile while <see cref="Refusing"/> is set, as a
/// client that stopped taking tiles does.
/// </summary>
internal sealed class RecordingSink : IJobClient
{
    private readonly ConcurrentQueue<(string JobId, int Index, int Bytes)> _delivered = new();
    private readonly ConcurrentDictionary<string, WireArray> _inputs = new();

    /// <summary>Whether deliveries are refused (they throw, and the tile counts as undelivered).</summary>
    public volatile bool Refusing;

    /// <summary>The tiles delivered and kept, in order.</summary>
    public IReadOnlyList<(string JobId, int Index, int Bytes)> Delivered => [.. _delivered];

    /// <summary>Serves <paramref name="input"/> by its SHA-256, as the client of a job on it does; returns its reference.</summary>
    public InputRef Serve(WireArray input)
    {
        var reference = InputRef.Of(input);
        _inputs[reference.Sha256] = input;
        return reference;
    }

    public Task<byte[]> GetInput(string jobId, string sha256, long offset, int count) =>
        Task.FromResult(_inputs.TryGetValue(sha256, out var input)
            ? input.Data.AsSpan((int)offset, count).ToArray()
            : throw new ArgumentException($"The test's client has no input {sha256}."));

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
