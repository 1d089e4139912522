using NeuralTangents.Distributed.Tests.Support;

namespace NeuralTangents.Distributed.Tests;

public sealed class ClusterFaultTests : IDisposable
{
    private readonly TestJob _job = new(items: 36, tileItems: 4);

    public ClusterFaultTests() => TileLog.Reset();

    public void Dispose()
    {
        TileLog.Reset();
        _job.Dispose();
    }

    [Fact]
    public async Task Killed_silo_mid_job_only_its_tiles_in_flight_are_computed_again_and_the_kernel_is_bit_identical()
    {
        await using var cluster = await TestSilo.StartClusterAsync(3);
        DistributedProgress? last = null;
        var progress = new SynchronousProgress<DistributedProgress>(p => last = p);
        int stored = _job.TileCount / 3;
        TileLog.Throttle(stored);
        var run = cluster.Client.ComputeAsync(TestJob.Network, _job.X1, null, _job.Options(progress: progress));

        // A third of the tiles stored, and every silo holding its next tile: kill a silo that does not host the job grain
        // (nor the test cluster's membership, which the primary keeps).
        await Until(() => last?.TilesDone == stored && TileLog.Waiting.Count == 3);
        var victim = cluster.SecondarySilos.First(s => s.SiloAddress.ToParsableString() != last!.JobHost);
        string victimKey = victim.SiloAddress.ToParsableString();
        int inFlight = TileLog.Waiting[victimKey];
        await cluster.KillSiloAsync(victim);
        TileLog.Release();
        using var kernel = await run.WaitAsync(TimeSpan.FromSeconds(60));

        _job.AssertBitIdenticalToSingleMachine(kernel);
        var computations = TileLog.Computed.GroupBy(c => c.Tile).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enumerable.Range(0, _job.TileCount), computations.Keys.Order());
        string record = $"victim {victimKey} host {last!.JobHost} tile {inFlight}: " + string.Join("; ", TileLog.Computed.Select(c => $"{c.Tile}@{c.Silo}"));
        Assert.True(2 == computations[inFlight], record);
        // Computed twice: only tiles in flight on the victim at the kill. Its tile held at the gate, and possibly the
        // next one it had been handed: a silo "killed" in this process stops answering but its threads run on, so the
        // worker, which takes its next tile while the last one travels, may start that one too (a killed process
        // cannot; the multi-process test holds it to the one tile).
        var twice = computations.Where(c => c.Value > 1).Select(c => c.Key).ToList();
        Assert.True(twice.All(tile => computations[tile] == 2 && TileLog.Computed.Contains((tile, victimKey))), record);
        Assert.True(twice.Count <= new DistributedSiloOptions().TilesInFlightPerSilo, record);
        Assert.Contains(TileLog.Computed, c => c.Tile == inFlight && c.Silo != victimKey);
        // Each silo fetched the job's inputs once, not once per tile.
        Assert.Equal(3, TileLog.Fetches.Distinct().Count());
        Assert.All(TileLog.Fetches.GroupBy(s => s), g => Assert.Single(g));
    }

    private static async Task Until(Func<bool> condition)
    {
        for (int i = 0; i < 3000 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), "The cluster did not reach the state the test waits for.");
    }
}
