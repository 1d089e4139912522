using NeuralTangents.Distributed.Tests.Support;
using Orleans.TestingHost;

namespace NeuralTangents.Distributed.Tests;

/// <summary>
/// What a silo refuses in a job received from the cluster before it spends anything on it: network descriptions over
/// its size, nesting or layer limits, inputs over its byte limit, grids over its tile limit, arrays with too many axes,
/// and keys that are not job ids (the test silos' limits are small: <see cref="TestSilo.Limits"/>).
/// </summary>
public sealed class JobLimitTests : IClassFixture<BadInputTests.OneSilo>, IDisposable
{
    private readonly TestJob _job = new(items: 8, tileItems: 4);
    private readonly TestCluster _cluster;
    private readonly RecordingSink _recorded = new();
    private readonly IJobClient _sink;

    public JobLimitTests(BadInputTests.OneSilo silo)
    {
        _cluster = silo.Cluster;
        _sink = _cluster.Client.CreateObjectReference<IJobClient>(_recorded);
        TileLog.Reset();
    }

    public void Dispose()
    {
        _cluster.Client.DeleteObjectReference<IJobClient>(_sink);
        _job.Dispose();
    }

    private KernelJobSpec Spec(string? json = null, Tensor<double>? x1 = null, int? tileItems = null) =>
        new(json ?? TestJob.Network.ToJson(), KernelPrecision.Float64, _recorded.Serve(WireArray.From(x1 ?? _job.X1)), null, tileItems ?? _job.TileItems, (int)KernelOutputs.Both);

    private Task<ArgumentException> Refused(KernelJobSpec spec) =>
        Assert.ThrowsAsync<ArgumentException>(() => _cluster.Client.GetGrain<IKernelJobGrain>(Guid.NewGuid().ToString("N")).Start(spec, [], _sink));

    [Fact]
    public async Task Network_json_longer_than_the_silos_limit_is_refused()
    {
        // A valid description padded with whitespace past the limit: refused for its length alone.
        string json = TestJob.Network.ToJson() + new string(' ', TestSilo.Limits.NetworkCharacters);

        var error = await Refused(Spec(json));

        Assert.Contains($"more than {TestSilo.Limits.NetworkCharacters} (NetworkJsonOptions.MaxLength)", error.Message);
    }

    [Fact]
    public async Task Network_json_nested_deeper_than_the_silos_limit_is_refused()
    {
        // Each serial adds two levels (its object and its layers array).
        string json = """{"layer": "Relu"}""";
        for (int i = 0; i < TestSilo.Limits.NetworkDepth; i++) json = $$"""{"layer": "serial", "layers": [{{json}}]}""";

        var error = await Refused(Spec(json));

        Assert.Contains($"nesting is limited to depth {TestSilo.Limits.NetworkDepth}", error.Message);
    }

    [Fact]
    public async Task Network_json_repeating_a_block_past_the_layer_limit_is_refused()
    {
        string json = """{"layer": "repeat", "count": 1000000000, "block": {"layer": "Relu"}}""";

        var error = await Refused(Spec(json));

        Assert.Contains("(NetworkJsonOptions.MaxLayers)", error.Message);
    }

    [Fact]
    public async Task Inputs_over_the_silos_byte_limit_are_refused_from_their_length()
    {
        int items = (int)(TestSilo.Limits.InputBytes / (6 * sizeof(double))) + 1;

        var error = await Refused(Spec(x1: Tensor<double>.FromFunction([items, 6], i => i)));

        Assert.Contains($"The inputs hold {items * 6 * sizeof(double)} bytes, more than the limit of {TestSilo.Limits.InputBytes} (DistributedSiloOptions.MaxInputBytes)", error.Message);
    }

    [Fact]
    public async Task Grid_over_the_silos_tile_limit_is_refused_before_it_is_built()
    {
        // 100 items in tiles of 2: 50 row blocks, 1275 tiles on and above the diagonal.
        var error = await Refused(Spec(x1: Tensor<double>.FromFunction([100, 6], i => i), tileItems: 2));

        Assert.Contains($"100 × 100 items in tiles of 2 make more than {TestSilo.Limits.Tiles} tiles (DistributedSiloOptions.MaxTiles)", error.Message);
    }

    [Fact]
    public async Task Array_with_more_axes_than_the_limit_is_refused()
    {
        var spec = Spec() with { X1 = new InputRef([8, .. Enumerable.Repeat(1, WireArray.MaxRank)], 8 * 8, new string('0', 64)) };

        var error = await Refused(spec);

        Assert.Contains($"x1: the array has {WireArray.MaxRank + 1} axes, more than {WireArray.MaxRank}", error.Message);
    }

    [Fact]
    public async Task Job_grain_whose_key_is_not_a_job_id_refuses_to_start()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _cluster.Client.GetGrain<IKernelJobGrain>("../etc").Start(Spec(), [], _sink));

        Assert.Contains("'../etc' is not a job id (32 lowercase hex digits)", error.Message);
    }

    [Fact]
    public async Task Worker_refuses_a_job_id_that_is_not_one_without_activating_a_job_grain()
    {
        var worker = _cluster.Client.GetGrain<ITileWorkerGrain>(_cluster.Primary!.SiloAddress.ToParsableString());

        var outcome = await worker.Compute("not-a-job", 0, _sink);

        Assert.Equal(TileOutcomeKind.Refused, outcome.Kind);
        Assert.Equal("'not-a-job' is not a job id (32 lowercase hex digits).", outcome.Error);
        Assert.Empty(TileLog.Fetches);
    }

    [Fact]
    public async Task Workers_deliver_every_tile_once_to_the_sink_the_job_was_started_with()
    {
        var x1 = Tensor<double>.FromFunction([16, 6], i => Math.Cos(i)); // 4 row blocks: 10 tiles
        string jobId = Guid.NewGuid().ToString("N");
        var grain = _cluster.Client.GetGrain<IKernelJobGrain>(jobId);

        await grain.Start(Spec(x1: x1), [2, 5], _sink);
        var snapshot = await Settled(grain);

        Assert.Equal(JobState.Running, snapshot.State);
        Assert.Equal(new[] { 0, 1, 3, 4, 6, 7, 8, 9 }, _recorded.Delivered.Select(d => d.Index).Order());
        Assert.All(_recorded.Delivered, d => Assert.Equal(jobId, d.JobId));
        // NNGP and NTK of 4 × 4 items, with the variances of the rows (and of the columns off the diagonal), in float64.
        Assert.All(_recorded.Delivered, d => Assert.Equal((2 * 16 + 4 + (d.Index is 0 or 4 or 7 or 9 ? 0 : 4)) * sizeof(double), d.Bytes));
    }

    [Fact]
    public async Task Job_whose_client_refuses_a_tile_stalls_until_the_client_starts_it_again()
    {
        var x1 = Tensor<double>.FromFunction([16, 6], i => Math.Sin(i));
        var grain = _cluster.Client.GetGrain<IKernelJobGrain>(Guid.NewGuid().ToString("N"));
        _recorded.Refusing = true;

        await grain.Start(Spec(x1: x1), [], _sink);
        var stalled = await Settled(grain);
        _recorded.Refusing = false;
        await grain.Start(Spec(x1: x1), [], _sink);
        var resumed = await Settled(grain);

        Assert.Equal(JobState.Stalled, stalled.State);
        Assert.Contains("could not be delivered to the client: InvalidOperationException: The test's sink refuses tiles.", stalled.Error);
        Assert.True(stalled.Pending > 0, "A stalled job keeps its tiles queued.");
        Assert.Equal(JobState.Running, resumed.State);
        Assert.Equal(Enumerable.Range(0, 10), _recorded.Delivered.Select(d => d.Index).Order());
    }

    [Fact]
    public async Task Tiles_over_the_silos_byte_limit_are_refused_from_the_grid_or_once_computed()
    {
        // A lower bound from the grid: 8 × 8 float64 NNGP and NTK entries are 1024 bytes.
        var fromGrid = await Refused(Spec(tileItems: 8));
        // Full spatial covariances make each entry 3²·3² values, which only the computed tile shows.
        var images = Tensor<double>.FromFunction([4, 3, 3, 1], i => Math.Cos(i));
        var convolution = Stax.Serial(Stax.Conv(4, [2, 2], padding: Padding.Same), Stax.Relu());
        var error = await Assert.ThrowsAsync<DistributedJobException>(() =>
            _cluster.Client.ComputeAsync(convolution, images, null, _job.Options("spatial")));

        Assert.Contains($"Tiles of 8 items hold at least 1024 bytes, more than the limit of {TestSilo.Limits.TileBytes} (DistributedSiloOptions.MaxTileBytes)", fromGrid.Message);
        Assert.Matches($@"failed: Tile 0 of job [0-9a-f]{{32}}: Tile 0 holds \d+ bytes \(kernel shape \(4, 4, 3, 3, 3, 3\)\), more than the limit of {TestSilo.Limits.TileBytes} ", error.Message);
    }

    [Fact]
    public async Task Inputs_fetched_once_are_kept_for_the_next_job_on_the_same_data()
    {
        // Inputs no other test uses, so the silo shared by these tests holds none of them yet.
        var x1 = Tensor<double>.FromFunction([8, 6], i => Math.Cos(i + System.Random.Shared.NextDouble()));

        (await _cluster.Client.ComputeAsync(TestJob.Network, x1, null, _job.Options("first"))).Dispose();
        (await _cluster.Client.ComputeAsync(TestJob.Network, x1, null, _job.Options("other-tiles") with { TileItems = 2 })).Dispose();
        (await _cluster.Client.ComputeAsync(TestJob.Network, x1, null, _job.Options("other-outputs") with { Outputs = KernelOutputs.Ntk })).Dispose();

        Assert.Single(TileLog.Fetches);
    }

    [Fact]
    public async Task Tile_the_client_cannot_store_ends_the_job_with_the_reason_instead_of_being_sent_again()
    {
        // Any failure to store, here the caller's progress callback: sending the tile again cannot cure it.
        var x1 = Tensor<double>.FromFunction([16, 6], i => Math.Cos(3 * i + System.Random.Shared.NextDouble()));
        var progress = new SynchronousProgress<DistributedProgress>(p => throw new InvalidOperationException("the progress bar broke"));

        var error = await Assert.ThrowsAsync<DistributedJobException>(() =>
            _cluster.Client.ComputeAsync(TestJob.Network, x1, null, _job.Options("broken-progress", progress))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Matches("^Job [0-9a-f]{32}: a tile could not be stored \\(InvalidOperationException\\): the progress bar broke$", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task Job_cancelled_with_tiles_in_flight_resumes_on_the_same_cluster_and_equals_the_single_machine_kernel()
    {
        using var job = new TestJob(items: 24, tileItems: 4);
        var stop = new CancellationTokenSource();
        // Three tiles, then the worker holds the next ones until the job is cancelled: they finish into a closed observer.
        TileLog.Throttle(3);
        var progress = new SynchronousProgress<DistributedProgress>(p =>
        {
            if (p.TilesDone < 3) return;
            stop.Cancel();
            TileLog.Release();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _cluster.Client.ComputeAsync(TestJob.Network, job.X1, null, job.Options(progress: progress), stop.Token));
        int before = StoredJobStatus.Read(Path.Combine(job.Root, "kernel"))!.TilesDone;
        TileLog.Reset();

        // The cancelled job's tiles in flight were refused by its closed observer, not left to time out at the worker.
        using var kernel = await _cluster.Client.ComputeAsync(TestJob.Network, job.X1, null, job.Options()).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.InRange(before, 3, job.TileCount - 1);
        Assert.Equal(job.TileCount - before, TileLog.Computed.Count);
        job.AssertBitIdenticalToSingleMachine(kernel);
    }

    [Fact]
    public async Task Job_cancelled_by_another_client_stops_its_submitting_client()
    {
        using var job = new TestJob(items: 24, tileItems: 4);
        TileLog.Throttle(3);
        var run = _cluster.Client.ComputeAsync(TestJob.Network, job.X1, null, job.Options());
        string folder = Path.Combine(job.Root, "kernel");
        for (int i = 0; i < 3000 && (StoredJobStatus.Read(folder)?.TilesDone ?? 0) < 3; i++) await Task.Delay(10);

        // The job grain of the store's job, told to stop by another client.
        await _cluster.Client.GetGrain<IKernelJobGrain>(StoredJobStatus.Read(folder)!.JobId).Cancel();
        TileLog.Release();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("was cancelled; submit it again to resume", error.Message);
        Assert.InRange(StoredJobStatus.Read(folder)!.TilesDone, 3, job.TileCount - 1);
    }

    [Fact]
    public async Task Cancel_request_left_in_the_store_stops_its_submitting_client_once()
    {
        using var job = new TestJob(items: 24, tileItems: 4);
        string folder = Path.Combine(job.Root, "kernel");
        Directory.CreateDirectory(folder);
        // A request left from before the run is dropped when it starts.
        CancelRequest.Write(folder);
        TileLog.Throttle(3);
        var run = _cluster.Client.ComputeAsync(TestJob.Network, job.X1, null, job.Options());
        for (int i = 0; i < 3000 && (StoredJobStatus.Read(folder)?.TilesDone ?? 0) < 3; i++) await Task.Delay(10);

        // What `DistributedKernel cancel` does. The held tiles go on once the client has taken the request, into its
        // closed observer.
        CancelRequest.Write(folder);
        string request = Path.Combine(folder, CancelRequest.FileName);
        var release = Task.Run(async () =>
        {
            for (int i = 0; i < 6000 && File.Exists(request); i++) await Task.Delay(5);
            TileLog.Release();
        });
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(60)));
        await release;
        int stored = StoredJobStatus.Read(folder)!.TilesDone;
        using var kernel = await _cluster.Client.ComputeAsync(TestJob.Network, job.X1, null, job.Options()).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Contains("was cancelled (a cancel request in the store)", error.Message);
        Assert.InRange(stored, 3, job.TileCount - 1);
        Assert.False(File.Exists(Path.Combine(folder, CancelRequest.FileName)));
        job.AssertBitIdenticalToSingleMachine(kernel);
    }

    /// <summary>Polls until no tile waits or is in flight (or the job stalled), and returns that snapshot.</summary>
    private static async Task<JobSnapshot> Settled(IKernelJobGrain grain)
    {
        JobSnapshot snapshot;
        int polls = 0;
        do
        {
            await Task.Delay(20);
            snapshot = await grain.Poll([]);
        }
        while (snapshot.State == JobState.Running && (snapshot.Pending > 0 || snapshot.InFlight > 0) && ++polls < 1000);
        // A stalled job's other loops may still have a tile in flight: let them come back.
        while (snapshot.State == JobState.Stalled && snapshot.InFlight > 0 && ++polls < 1000)
        {
            await Task.Delay(20);
            snapshot = await grain.Poll([]);
        }
        return snapshot;
    }

    [Fact]
    public async Task Client_refuses_a_job_over_the_default_limits_before_touching_the_store()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _cluster.Client.ComputeAsync(TestJob.Network,
            Tensor<double>.FromFunction([100_000, 6], i => i), null, _job.Options() with { TileItems = 1 }));

        Assert.Contains("make more than 1000000 tiles (DistributedSiloOptions.MaxTiles)", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_job.Root));
    }
}
