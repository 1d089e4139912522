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
    public async Task Killed_silo_mid_job_only_its_tile_in_flight_is_computed_again_and_the_kernel_is_bit_identical()
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
        Assert.True(2 == computations[inFlight], $"victim {victimKey} host {last!.JobHost} tile {inFlight}: " + string.Join("; ", TileLog.Computed.Select(c => $"{c.Tile}@{c.Silo}")));
        Assert.All(computations.Where(c => c.Key != inFlight), c => Assert.Equal(1, c.Value));
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
