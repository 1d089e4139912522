using NeuralTangents.Distributed.Tests.Support;
using Orleans.TestingHost;

namespace NeuralTangents.Distributed.Tests;

/// <summary>What the cluster and the client refuse: malformed jobs, tiles outside the grid, invalid tiles, stores outside the root or in use.</summary>
public sealed class BadInputTests : IClassFixture<BadInputTests.OneSilo>, IDisposable
{
    private readonly TestJob _job = new(items: 8, tileItems: 4);
    private readonly TestCluster _cluster;
    private readonly RecordingSink _recorded = new();
    private readonly IJobClient _sink;

    public BadInputTests(OneSilo silo)
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

    private KernelJobSpec Spec(string? json = null) =>
        new(json ?? TestJob.Network.ToJson(), KernelPrecision.Float64, _recorded.Serve(WireArray.From(_job.X1)), null, _job.TileItems, (int)KernelOutputs.Both);

    [Fact]
    public async Task Job_with_malformed_network_json_is_rejected_naming_the_bad_node()
    {
        var grain = _cluster.Client.GetGrain<IKernelJobGrain>(Guid.NewGuid().ToString("N"));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => grain.Start(Spec("""{"layer": "serial", "layers": [{"layer": "Dense", "outDim": "wide"}]}"""), [], _sink));
        Assert.Contains("Invalid job", error.Message);
        Assert.Contains("$.layers[0].outDim", error.Message);
    }

    [Fact]
    public async Task Job_whose_input_bytes_do_not_match_its_shape_is_rejected()
    {
        var grain = _cluster.Client.GetGrain<IKernelJobGrain>(Guid.NewGuid().ToString("N"));
        var spec = Spec() with { X1 = Spec().X1 with { Bytes = 8 * 6 * 8 - 1 } };
        var error = await Assert.ThrowsAsync<ArgumentException>(() => grain.Start(spec, [], _sink));
        Assert.Contains("x1: 383 bytes do not hold shape (8, 6)", error.Message);
    }

    [Fact]
    public async Task Job_whose_input_names_no_sha256_is_rejected()
    {
        var grain = _cluster.Client.GetGrain<IKernelJobGrain>(Guid.NewGuid().ToString("N"));
        var spec = Spec() with { X1 = Spec().X1 with { Sha256 = "../../etc/passwd" } };
        var error = await Assert.ThrowsAsync<ArgumentException>(() => grain.Start(spec, [], _sink));
        Assert.Contains("x1: '../../etc/passwd' is not a SHA-256 (64 lowercase hex digits).", error.Message);
    }

    [Fact]
    public async Task Worker_refuses_an_input_from_the_client_that_is_not_the_one_the_job_names()
    {
        // The client answers for x1's hash with other bytes of the same shape (x1 of its own: the silo shared by these
        // tests keeps the inputs of earlier jobs, and would not ask for one it holds).
        var x1 = WireArray.From(Tensor<double>.FromFunction(_job.X1.Shape, i => Math.Sin(i + System.Random.Shared.NextDouble())));
        var spec = Spec() with { X1 = InputRef.Of(x1) };
        var impostor = WireArray.From(Tensor<double>.FromFunction(_job.X1.Shape, i => i));
        var served = new ImpostorClient(impostor);
        var reference = _cluster.Client.CreateObjectReference<IJobClient>(served);
        string jobId = Guid.NewGuid().ToString("N");
        await _cluster.Client.GetGrain<IKernelJobGrain>(jobId).Start(spec, [0, 1], reference);
        var worker = _cluster.Client.GetGrain<ITileWorkerGrain>(_cluster.Primary!.SiloAddress.ToParsableString());

        var outcome = await worker.Compute(jobId, 2, reference);

        _cluster.Client.DeleteObjectReference<IJobClient>(reference);
        Assert.Equal(TileOutcomeKind.Refused, outcome.Kind);
        Assert.Equal($"Invalid job {jobId}: x1 received from the client is not the job's (expected shape (8, 6), 384 bytes, SHA-256 {spec.X1.Sha256}). (Parameter 'x1')", outcome.Error);
        Assert.Empty(TileLog.Computed);
    }

    [Fact]
    public async Task Worker_refuses_a_tile_outside_the_jobs_grid()
    {
        string jobId = Guid.NewGuid().ToString("N");
        await _cluster.Client.GetGrain<IKernelJobGrain>(jobId).Start(Spec(), [0, 1, 2], _sink);
        var worker = _cluster.Client.GetGrain<ITileWorkerGrain>(_cluster.Primary!.SiloAddress.ToParsableString());

        var outcome = await worker.Compute(jobId, 3, _sink);

        Assert.Equal(TileOutcomeKind.Refused, outcome.Kind);
        Assert.Equal("Tile 3 is outside job " + jobId + "'s grid of 3 tiles (0…2).", outcome.Error);
        Assert.Empty(_recorded.Delivered);
    }

    [Fact]
    public void Client_refuses_a_received_tile_outside_the_grid_or_of_the_wrong_shape()
    {
        var job = PreparedJob.Create(Spec(), new DistributedSiloOptions(), WireArray.From(_job.X1), null);
        string folder = Directory.CreateDirectory(Path.Combine(_job.Root, "received")).FullName;
        var progress = ProgressFile.Create(folder, "job", "fingerprint", job.Tiles.Count);
        using var receiver = new TileReceiver<double>(job, progress, new Storage.StoredTileWriter<double>(folder, KernelOutputs.Both, 8, 8, false, true));
        var good = job.Compute(1);

        var outside = Assert.Throws<InvalidDataException>(() => receiver.Store(good with { Index = 3 }));
        var shorter = new Orleans.Serialization.Buffers.PooledBuffer();
        shorter.Write(good.Data.ToArray().AsSpan(..^8));
        var shortData = Assert.Throws<InvalidDataException>(() => receiver.Store(good with { Data = shorter }));
        var wrongColumns = Assert.Throws<InvalidDataException>(() => receiver.Store(good with { NngpShape = [4, 2, 2] }));
        var missing = Assert.Throws<InvalidDataException>(() => receiver.Store(good with { Cov1Shape = null }));
        var negative = Assert.Throws<InvalidDataException>(() => receiver.Store(good with { Cov2Shape = [4, -1] }));
        var onDiagonal = Assert.Throws<InvalidDataException>(() => receiver.Store(job.Compute(0) with { Cov2Shape = [4] }));

        Assert.Equal("Received tile 3, outside the job's grid of 3 tiles (0…2).", outside.Message);
        Assert.Equal("tile 1: 312 bytes do not hold its parts (NNGP (4, 4), NTK (4, 4), cov1 (4), cov2 (4)) of 8-byte elements (320 bytes).", shortData.Message);
        Assert.Equal("tile 1's NNGP has shape (4, 2, 2), expected (4, 4, …).", wrongColumns.Message);
        Assert.Equal("tile 1's cov1 is missing.", missing.Message);
        Assert.Equal("tile 1's cov2: shape (4, -1) has a negative dimension.", negative.Message);
        Assert.Equal("tile 0 is on the diagonal and has no cov2, but one was received.", onDiagonal.Message);
        Assert.Empty(progress.Finished);
    }

    [Fact]
    public void Client_refuses_a_tile_whose_axes_differ_from_the_first_or_whose_cov2_axes_differ_from_its_cov1()
    {
        var job = PreparedJob.Create(Spec(), new DistributedSiloOptions(), WireArray.From(_job.X1), null);
        string folder = Directory.CreateDirectory(Path.Combine(_job.Root, "axes")).FullName;
        var progress = ProgressFile.Create(folder, "job", "fingerprint", job.Tiles.Count);
        using var receiver = new TileReceiver<double>(job, progress, new Storage.StoredTileWriter<double>(folder, KernelOutputs.Both, 8, 8, false, true));
        var offDiagonal = job.Compute(1);
        // The same elements under other shapes: only the axes are wrong.
        var columns = Assert.Throws<InvalidDataException>(() => receiver.Store(offDiagonal with { Cov1Shape = [4, 1] }));
        Assert.True(receiver.Store(job.Compute(0)));
        var kernelAxes = Assert.Throws<InvalidDataException>(() => receiver.Store(job.Compute(2) with { NngpShape = [4, 4, 1], NtkShape = [4, 4, 1] }));

        Assert.Equal("tile 1's cov2 has axes () after its items, its cov1 (1).", columns.Message);
        Assert.Equal("tile 2 has kernel axes (1) and variance axes (), the job's first tile () and ().", kernelAxes.Message);
        Assert.Equal([0], progress.Finished.Keys);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("inside/../../escape")]
    [InlineData("/etc/kernel")]
    public async Task Store_outside_the_store_root_is_refused_before_anything_is_written(string store)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            _cluster.Client.ComputeAsync(TestJob.Network, _job.X1, null, _job.Options(store)));
        Assert.Equal("store", error.ParamName);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_job.Root));
        Assert.Empty(TileLog.Computed);
    }

    [Fact]
    public void Store_inside_the_root_resolves_below_it()
    {
        Assert.Equal(Path.Combine(_job.Root, "a", "b"), StorePaths.Resolve(_job.Root, "a/./c/../b"));
    }

    [Fact]
    public async Task Second_job_on_a_store_in_use_is_refused()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_job.Root, "kernel")).FullName;
        using var firstJob = StoreLock.Acquire(folder);

        var error = await Assert.ThrowsAsync<StoreInUseException>(() =>
            _cluster.Client.ComputeAsync(TestJob.Network, _job.X1, null, _job.Options()));

        Assert.StartsWith($"The store {folder} is in use by another job", error.Message);
        Assert.Empty(TileLog.Computed);
    }

    [Fact]
    public async Task Different_job_on_a_store_holding_another_jobs_tiles_is_refused()
    {
        (await _cluster.Client.ComputeAsync(TestJob.Network, _job.X1, null, _job.Options())).Dispose();
        TileLog.Reset();
        var other = Stax.Serial(Stax.Dense(64, wStd: 2.0), Stax.Erf(), Stax.Dense(1));

        var error = await Assert.ThrowsAsync<StoreInUseException>(() =>
            _cluster.Client.ComputeAsync(other, _job.X1, null, _job.Options()));

        Assert.Contains("a different job", error.Message);
        Assert.Empty(TileLog.Computed);
    }

    [Fact]
    public async Task Store_whose_progress_file_is_of_the_version_without_variance_checksums_is_refused()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_job.Root, "kernel")).FullName;
        File.WriteAllText(Path.Combine(folder, "progress.txt"), "# neural-tangents distributed job progress, version 1\njob 1\nfingerprint 2\ntiles 3\n");

        var error = await Assert.ThrowsAsync<StoreInUseException>(() =>
            _cluster.Client.ComputeAsync(TestJob.Network, _job.X1, null, _job.Options()));

        Assert.Contains("earlier version whose tile checksums leave out the variances", error.Message);
        Assert.Empty(TileLog.Computed);
    }

    /// <summary>One silo shared by the tests of this class.</summary>
    public sealed class OneSilo : IAsyncLifetime
    {
        public TestCluster Cluster { get; private set; } = null!;

        public async Task InitializeAsync() => Cluster = await TestSilo.StartClusterAsync(1);

        public async Task DisposeAsync() => await Cluster.DisposeAsync();
    }

    /// <summary>A client that answers every input request with the same array.</summary>
    private sealed class ImpostorClient(WireArray input) : IJobClient
    {
        public Task<byte[]> GetInput(string jobId, string sha256, long offset, int count) => Task.FromResult(input.Data.AsSpan((int)offset, count).ToArray());

        public Task Deliver(string jobId, TileResult result) => Task.CompletedTask;
    }
}
