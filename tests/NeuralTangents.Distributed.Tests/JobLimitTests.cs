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

    public JobLimitTests(BadInputTests.OneSilo silo)
    {
        _cluster = silo.Cluster;
        TileLog.Reset();
    }

    public void Dispose() => _job.Dispose();

    private KernelJobSpec Spec(string? json = null, Tensor<double>? x1 = null, int? tileItems = null) =>
        new(json ?? TestJob.Network.ToJson(), KernelPrecision.Float64, WireArray.From(x1 ?? _job.X1), null, tileItems ?? _job.TileItems, (int)KernelOutputs.Both);

    private Task<ArgumentException> Refused(KernelJobSpec spec) =>
        Assert.ThrowsAsync<ArgumentException>(() => _cluster.Client.GetGrain<IKernelJobGrain>(Guid.NewGuid().ToString("N")).Start(spec, []));

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
        var spec = Spec() with { X1 = new WireArray([8, .. Enumerable.Repeat(1, WireArray.MaxRank)], new byte[8 * 8]) };

        var error = await Refused(spec);

        Assert.Contains($"x1: the array has {WireArray.MaxRank + 1} axes, more than {WireArray.MaxRank}", error.Message);
    }

    [Fact]
    public async Task Job_grain_whose_key_is_not_a_job_id_refuses_to_start()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _cluster.Client.GetGrain<IKernelJobGrain>("../etc").Start(Spec(), []));

        Assert.Contains("'../etc' is not a job id (32 lowercase hex digits)", error.Message);
    }

    [Fact]
    public async Task Worker_refuses_a_job_id_that_is_not_one_without_activating_a_job_grain()
    {
        var worker = _cluster.Client.GetGrain<ITileWorkerGrain>(_cluster.Primary!.SiloAddress.ToParsableString());

        var result = await worker.Compute("not-a-job", 0);

        Assert.Equal("'not-a-job' is not a job id (32 lowercase hex digits).", result.Error);
        Assert.Empty(TileLog.Fetches);
    }

    [Fact]
    public async Task Poll_answers_stay_within_the_byte_budget_and_resend_what_is_not_acknowledged()
    {
        var x1 = Tensor<double>.FromFunction([16, 6], i => Math.Cos(i)); // 4 row blocks: 10 tiles
        var grain = _cluster.Client.GetGrain<IKernelJobGrain>(Guid.NewGuid().ToString("N"));
        await grain.Start(Spec(x1: x1), []);
        JobSnapshot snapshot;
        int polls = 0;
        do
        {
            await Task.Delay(20);
            snapshot = await grain.Poll([]);
        }
        while ((snapshot.Pending > 0 || snapshot.InFlight > 0) && ++polls < 1000);

        var again = await grain.Poll([]);
        var next = await grain.Poll([.. snapshot.Finished.Select(t => t.Index)]);

        static long Bytes(TileResult t) => t.Nngp!.Data.Length + t.Ntk!.Data.Length + t.Cov1!.Data.Length + (t.Cov2?.Data.Length ?? 0);
        Assert.Equal(3, snapshot.Finished.Length);
        Assert.True(snapshot.Finished.Sum(Bytes) <= TestSilo.Limits.PollBytes);
        Assert.Equal(snapshot.Finished.Select(t => t.Index), again.Finished.Select(t => t.Index));
        Assert.Empty(next.Finished.Select(t => t.Index).Intersect(snapshot.Finished.Select(t => t.Index)));
        Assert.Equal(3, next.Finished.Length);
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
