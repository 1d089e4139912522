using NeuralTangents.Distributed.Tests.Support;

namespace NeuralTangents.Distributed.Tests;

public sealed class ClusterFaultTests : IDisposable
{
    private readonly TestJob _job = new(items: 36, tileItems: 4);

    public ClusterFaultTests() => TileLog.Reset();

    public void Dispose()
    {
        TileLog.Release();
        _job.Dispose();
    }

    [Fact]
    public async Task Killed_silo_mid_job_only_its_tile_in_flight_is_computed_again_and_the_kernel_is_bit_identical()
    {
        await using var cluster = await TestSilo.StartClusterAsync(3);
        var silos = cluster.Silos.ToDictionary(s => s.SiloAddress.ToParsableString());
        string? victim = null;
        // A third of the way in, hold the next tile that starts on a silo not hosting the job grain (the primary keeps the test membership).
        var progress = new SynchronousProgress<DistributedProgress>(p =>
        {
            if (victim is not null || p.TilesDone < _job.TileCount / 3) return;
            victim = cluster.SecondarySilos.Select(s => s.SiloAddress.ToParsableString()).First(s => s != p.JobHost);
            TileLog.HoldNextTileOn(victim);
        });
        var run = cluster.Client.ComputeAsync(TestJob.Network, _job.X1, null, _job.Options(progress: progress));

        int held = await TileLog.Held.WaitAsync(TimeSpan.FromSeconds(30));
        await cluster.KillSiloAsync(silos[victim!]);
        TileLog.Release();
        using var stored = await run.WaitAsync(TimeSpan.FromSeconds(45));

        _job.AssertBitIdenticalToSingleMachine(stored);
        var computations = TileLog.Computed.GroupBy(c => c.Tile).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enumerable.Range(0, _job.TileCount), computations.Keys.Order());
        Assert.Equal(2, computations[held]);
        Assert.All(computations.Where(c => c.Key != held), c => Assert.Equal(1, c.Value));
        Assert.Contains(TileLog.Computed, c => c.Tile == held && c.Silo != victim);
        // Each silo fetched the job's inputs once, not once per tile.
        Assert.All(TileLog.Fetches.GroupBy(s => s), g => Assert.Single(g));
    }
}
