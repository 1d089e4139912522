using System.Collections.Concurrent;
using NeuralTangents.Distributed;

namespace NeuralTangents.Distributed.Tests.Support;

/// <summary>
/// What the workers of the test clusters did (every silo of an in-process cluster shares it): computations per tile,
/// input fetches per silo, and a gate that holds the next tile started on one chosen silo.
/// </summary>
internal sealed class TileLog : ITileListener
{
    private static readonly ConcurrentQueue<(int Tile, string Silo)> s_computed = new();
    private static readonly ConcurrentQueue<string> s_fetches = new();
    private static volatile string? s_holdOn;
    private static TaskCompletionSource<int> s_held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static ManualResetEventSlim s_gate = new(true);

    public static IReadOnlyList<(int Tile, string Silo)> Computed => [.. s_computed];

    public static IReadOnlyList<string> Fetches => [.. s_fetches];

    /// <summary>The tile held on the chosen silo, once one is.</summary>
    public static Task<int> Held => s_held.Task;

    public static void Reset()
    {
        s_computed.Clear();
        s_fetches.Clear();
        s_holdOn = null;
        s_held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        s_gate = new(true);
    }

    /// <summary>Holds the next tile that starts on <paramref name="silo"/> until <see cref="Release"/>.</summary>
    public static void HoldNextTileOn(string silo)
    {
        s_gate.Reset();
        s_holdOn = silo;
    }

    public static void Release() => s_gate.Set();

    public void InputsFetched(string jobId, string silo) => s_fetches.Enqueue(silo);

    public void Computing(string jobId, int tile, string silo)
    {
        s_computed.Enqueue((tile, silo));
        if (s_holdOn != silo) return;
        s_holdOn = null;
        s_held.TrySetResult(tile);
        s_gate.Wait(TimeSpan.FromSeconds(60));
    }
}
