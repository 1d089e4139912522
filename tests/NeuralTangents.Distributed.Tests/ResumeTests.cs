using NeuralTangents.Distributed.TestHost;
using NeuralTangents.Distributed.Tests.Support;
using NeuralTangents.Storage;

namespace NeuralTangents.Distributed.Tests;

public sealed class ResumeTests : IDisposable
{
    private readonly TestJob _job = new(items: 24, tileItems: 4);

    public ResumeTests() => TileLog.Reset();

    public void Dispose() => _job.Dispose();

    [Fact]
    public async Task Restarted_client_and_cluster_compute_exactly_the_tiles_not_stored_before()
    {
        var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress<DistributedProgress>(p =>
        {
            if (p.TilesDone >= _job.TileCount / 2) stop.Cancel();
        });
        await using (var first = await TestSilo.StartClusterAsync(2))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                first.Client.ComputeAsync(TestJob.Network, _job.X1, null, _job.Options(progress: progress), stop.Token));
        }
        string folder = Path.Combine(_job.Root, "kernel");
        var before = StoredJobStatus.Read(folder)!;
        var stored = StoredTiles(folder);
        Assert.InRange(before.TilesDone, _job.TileCount / 2, _job.TileCount - 1);
        Assert.Equal(before.TilesDone, stored.Count);
        TileLog.Reset();

        DistributedProgress? last = null;
        await using var second = await TestSilo.StartClusterAsync(2);
        using var kernel = await second.Client.ComputeAsync(TestJob.Network, _job.X1, null,
            _job.Options(progress: new SynchronousProgress<DistributedProgress>(p => last = p)));

        Assert.Equal(Enumerable.Range(0, _job.TileCount).Except(stored), TileLog.Computed.Select(c => c.Tile).Order());
        Assert.Equal(stored.Count, last!.TilesResumed);
        Assert.Equal(_job.TileCount, last.TilesDone);
        _job.AssertBitIdenticalToSingleMachine(kernel);
    }

    [Fact]
    public async Task A_stored_tile_whose_checksum_no_longer_matches_is_computed_again()
    {
        await using var cluster = await TestSilo.StartClusterAsync(1);
        (await cluster.Client.ComputeAsync(TestJob.Network, _job.X1, null, _job.Options())).Dispose();
        string folder = Path.Combine(_job.Root, "kernel");
        using (var ntk = NpyFile<double>.Open(Path.Combine(folder, StoredKernel<double>.NtkFileName), writable: true))
            ntk.WriteBlock(5, 9, 1, 1, [ntk[5, 9] + 1]); // in tile 7: the row of 4-item tiles 4-7 (tiles 6…10 above the diagonal), columns 8-11
        TileLog.Reset();

        using var kernel = await cluster.Client.ComputeAsync(TestJob.Network, _job.X1, null, _job.Options());

        Assert.Equal([7], TileLog.Computed.Select(c => c.Tile));
        _job.AssertBitIdenticalToSingleMachine(kernel);
    }

    [Fact]
    public async Task A_stored_tile_whose_row_variances_no_longer_match_is_computed_again()
    {
        await using var cluster = await TestSilo.StartClusterAsync(1);
        (await cluster.Client.ComputeAsync(TestJob.Network, _job.X1, null, _job.Options())).Dispose();
        string folder = Path.Combine(_job.Root, "kernel");
        using (var cov1 = NpyFile<double>.Open(Path.Combine(folder, StoredKernel<double>.Cov1FileName), writable: true))
        {
            var row = new double[cov1.RowLength];
            cov1.ReadRows(9, row);
            row[0] += 1;
            cov1.WriteRows(9, row); // rows 8-11 come with their diagonal tile, 11 (row blocks 0 and 1 hold tiles 0…10)
        }
        TileLog.Reset();

        using var kernel = await cluster.Client.ComputeAsync(TestJob.Network, _job.X1, null, _job.Options());

        Assert.Equal([11], TileLog.Computed.Select(c => c.Tile));
        _job.AssertBitIdenticalToSingleMachine(kernel);
    }

    [Fact]
    public async Task A_stored_tile_whose_column_variances_no_longer_match_is_computed_again()
    {
        var x2 = MultiProcessJob.Inputs(10).SliceRows(2, 8); // other items than x1's first ones
        await using var cluster = await TestSilo.StartClusterAsync(1);
        (await cluster.Client.ComputeAsync(TestJob.Network, _job.X1, x2, _job.Options())).Dispose();
        string folder = Path.Combine(_job.Root, "kernel");
        using (var cov2 = NpyFile<double>.Open(Path.Combine(folder, StoredKernel<double>.Cov2FileName), writable: true))
        {
            var row = new double[cov2.RowLength];
            cov2.ReadRows(5, row);
            row[0] += 1;
            cov2.WriteRows(5, row); // x2's items 4-7 come with the first row of tiles: tile 1 (two tiles per row of 8 columns)
        }
        TileLog.Reset();

        using var kernel = await cluster.Client.ComputeAsync(TestJob.Network, _job.X1, x2, _job.Options());

        Assert.Equal([1], TileLog.Computed.Select(c => c.Tile));
        _job.AssertBitIdenticalToSingleMachine(kernel, x2);
    }

    private static List<int> StoredTiles(string folder) =>
        [.. File.ReadAllLines(Path.Combine(folder, "progress.txt")).Where(l => l.StartsWith("done ")).Select(l => int.Parse(l.Split(' ')[1])).Order()];
}
