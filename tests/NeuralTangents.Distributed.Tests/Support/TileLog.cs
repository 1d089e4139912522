using System.Collections.Concurrent;
using NeuralTangents.Distributed;

namespace NeuralTangents.Distributed.Tests.Support;

/// <summary>
/// What the workers of the test clusters did (every silo of an in-process cluster shares it): computations per tile
/// and input fetches per silo. <see cref="Throttle"/> lets only a given number of tiles through; the workers that
/// start more wait (<see cref="Waiting"/>) until <see cref="Release"/>.
/// </summary>
internal sealed class TileLog : ITileListener
{
    private static readonly ConcurrentQueue<(int Tile, string Silo)> s_computed = new();
    private static readonly ConcurrentQueue<string> s_fetches = new();
    private static readonly ConcurrentDictionary<string, int> s_waiting = new();
    private static SemaphoreSlim? s_permits;

    public static IReadOnlyList<(int Tile, string Silo)> Computed => [.. s_computed];

    public static IReadOnlyList<string> Fetches => [.. s_fetches];

    /// <summary>The tile each silo is waiting to compute, by silo.</summary>
    public static IReadOnlyDictionary<string, int> Waiting => new Dictionary<string, int>(s_waiting);

    public static void Reset()
    {
        Release();
        s_computed.Clear();
        s_fetches.Clear();
        s_waiting.Clear();
    }

    /// <summary>Lets <paramref name="tiles"/> more tiles start; later ones wait.</summary>
    public static void Throttle(int tiles) => s_permits = new SemaphoreSlim(tiles);

    /// <summary>Lets every tile through.</summary>
    public static void Release()
    {
        var permits = s_permits;
        s_permits = null;
        permits?.Release(1000);
    }

    public void InputsFetched(string jobId, string silo) => s_fetches.Enqueue(silo);

    public void Computing(string jobId, int tile, string silo)
    {
        s_computed.Enqueue((tile, silo));
        if (s_permits is not { } permits) return;
        s_waiting[silo] = tile;
        permits.Wait(TimeSpan.FromSeconds(60));
        s_waiting.TryRemove(silo, out _);
    }
}
