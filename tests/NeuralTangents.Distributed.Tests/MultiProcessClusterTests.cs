using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NeuralTangents.Distributed.TestHost;
using NeuralTangents.Distributed.Tests.Support;
using Xunit.Abstractions;

namespace NeuralTangents.Distributed.Tests;

/// <summary>
/// A cluster of real processes on this machine: Redis membership and two silo processes of the test host, started
/// here and killed by PID (SIGKILL: the cluster learns of a death only through its membership probes, which the test
/// host sets to one second, two missed probes). Each silo logs the tiles it starts; a gate file per silo holds its
/// tiles back after a given number, so that each kill happens at a known point: a quarter of the tiles per silo
/// stored, each silo holding its next tile. The test host also drops the grain-directory lease on a crashed silo's
/// grains (a restarted cluster would wait 30 s for its job grain) and its clients give up a call after 5 s (an answer
/// on its way through a killed gateway); the processes run the GEMM this process runs, for bit-identical kernels.
/// </summary>
public sealed class MultiProcessClusterTests : IClassFixture<MultiProcessClusterTests.Redis>, IDisposable
{
    private const int Items = 32;
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);
    private readonly TestJob _job = new(items: Items, tileItems: MultiProcessJob.TileItems);
    private readonly Redis _redis;
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N");
    private readonly List<IDisposable> _processes = [];
    private readonly ITestOutputHelper _output;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    public MultiProcessClusterTests(Redis redis, ITestOutputHelper output)
    {
        _redis = redis;
        _output = output;
    }

    private static int Total => MultiProcessJob.TileCount(Items);

    /// <summary>The tiles each silo may start before its gate holds the next one: together half the job.</summary>
    private static int Allowed => Total / 4;

    private string Folder => Path.Combine(_job.Root, "kernel");

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        // What each process wrote (the processes log warnings and errors), without stack frames, for a failure seen in CI.
        foreach (var process in _processes.OfType<SiloProcess>().Select(s => s.Process).Concat(_processes.OfType<HostProcess>()))
        {
            var lines = process.Output.Split('\n').Where(line => !line.Contains("   at ", StringComparison.Ordinal) && !line.Contains("--- End of", StringComparison.Ordinal));
            _output.WriteLine($"--- {process.Name} (pid {process.Id}):\n{string.Join('\n', lines)}");
        }
        _job.Dispose();
    }

    [RedisFact]
    public async Task Silo_process_killed_mid_job_only_its_tile_in_flight_is_computed_again_and_the_kernel_is_bit_identical()
    {
        var silos = await StartSilosAsync([RedisServer.FreePort(), RedisServer.FreePort()], Allowed);
        using var client = await StartClientAsync();
        DistributedProgress? last = null;
        var run = client.Services.GetRequiredService<IClusterClient>().ComputeAsync(TestJob.Network, _job.X1, null,
            MultiProcessJob.Options(_job.Root, "kernel", new SynchronousProgress<DistributedProgress>(p => last = p)));

        await Until(() => last?.TilesDone == 2 * Allowed && silos.All(s => s.Waiting is not null), silos);
        // The silo that does not host the job grain: its tile in flight is the one the cluster must recompute.
        var victim = silos.Single(s => !s.Is(last!.JobHost));
        var survivor = silos.Single(s => s != victim);
        int inFlight = victim.Waiting!.Value;
        Phase($"{last!.TilesDone} tiles stored, killing {victim.Process.Name} (pid {victim.Process.Id}) holding tile {inFlight}");
        victim.Process.Kill();
        survivor.OpenGate();
        using var kernel = await run.WaitAsync(JobTimeout);
        Phase("job complete");

        _job.AssertBitIdenticalToSingleMachine(kernel);
        var starts = victim.Started.Select(tile => (Tile: tile, Victim: true)).Concat(survivor.Started.Select(tile => (Tile: tile, Victim: false))).ToList();
        string record = $"in flight {inFlight}; victim started {string.Join(" ", victim.Started)}; survivor started {string.Join(" ", survivor.Started)}";
        Assert.True(Enumerable.Range(0, Total).SequenceEqual(starts.Select(s => s.Tile).Distinct().Order()), record);
        Assert.True(starts.Count(s => s.Tile == inFlight) == 2 && starts.Contains((inFlight, false)), record);
        Assert.True(starts.Count == Total + 1, record);
        // Each silo fetched the job's inputs once, not once per tile.
        Assert.Equal([1, 1], silos.Select(s => s.Fetches));
    }

    [RedisFact]
    public async Task Whole_cluster_and_client_killed_mid_job_the_restart_computes_exactly_the_tiles_not_stored_before()
    {
        int[] ports = [RedisServer.FreePort(), RedisServer.FreePort()];
        var silos = await StartSilosAsync(ports, Allowed);
        var submit = StartSubmit("submit");

        await Until(() => StoredTiles().Count == 2 * Allowed && silos.All(s => s.Waiting is not null), silos, submit);
        submit.Kill();
        foreach (var silo in silos) silo.Process.Kill();
        var stored = StoredTiles();
        Phase($"{stored.Count} tiles stored, killed the client and both silos");

        // The same silos (same ports, so each new one supersedes its dead predecessor's row) and the same submission.
        var restarted = await StartSilosAsync(ports, allowed: null, generation: "restarted");
        Phase("restarted both silos");
        var resubmit = StartSubmit("resubmit");
        Assert.True(0 == await resubmit.WaitForExitAsync(JobTimeout), resubmit.Output);
        Phase("resubmitted job complete");

        var computedAfter = restarted.SelectMany(s => s.Started).Order().ToList();
        Assert.Equal(Enumerable.Range(0, Total).Except(stored), computedAfter);
        Assert.True(resubmit.Wrote($"stored {Total}/{Total} resumed {stored.Count}"), resubmit.Output);
        using var kernel = StoredKernel<double>.Open(Folder);
        _job.AssertBitIdenticalToSingleMachine(kernel);
    }

    private async Task<SiloProcess[]> StartSilosAsync(int[] siloPorts, int? allowed, string generation = "first")
    {
        var silos = await Task.WhenAll(siloPorts.Select((port, i) => SiloProcess.StartAsync($"{generation}-silo-{i}", _redis.Server.Configuration, _clusterId,
            port, RedisServer.FreePort(), _job.Root, allowed)));
        _processes.AddRange(silos);
        Phase($"{silos.Length} silos ready");
        return silos;
    }

    private void Phase(string what) => _output.WriteLine($"{_clock.Elapsed.TotalSeconds,6:F1} s  {what}");

    private HostProcess StartSubmit(string name)
    {
        var process = HostProcess.Start(name, "submit", "--redis", _redis.Server.Configuration, "--cluster-id", _clusterId,
            "--store-root", _job.Root, "--store", "kernel", "--items", $"{Items}");
        _processes.Add(process);
        return process;
    }

    /// <summary>A client in this process, connected to the cluster through Redis as the sample's client is.</summary>
    private async Task<IHost> StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseKernelCluster(new KernelClusterOptions { Redis = _redis.Server.Configuration, ClusterId = _clusterId })
            // A call whose answer was on its way through the killed silo's gateway is given up after 5 s, not 30 s.
            .Configure<Orleans.Configuration.ClientMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(5)));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>The tiles the store's progress file records.</summary>
    private List<int> StoredTiles()
    {
        string path = Path.Combine(Folder, "progress.txt");
        if (!File.Exists(path)) return [];
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return [.. reader.ReadToEnd().Split('\n').Where(l => l.StartsWith("done ")).Select(l => int.Parse(l.Split(' ')[1])).Order()];
    }

    private static async Task Until(Func<bool> condition, SiloProcess[] silos, HostProcess? client = null)
    {
        for (int i = 0; i < 1500 && !condition(); i++) await Task.Delay(20);
        Assert.True(condition(), "The cluster did not reach the state the test waits for. "
            + string.Join("\n", silos.Select(s => $"{s.Process.Name} started {string.Join(" ", s.Started)}, waiting {s.Waiting}:\n{s.Process.Output}"))
            + (client is null ? "" : $"\n{client.Name}:\n{client.Output}"));
    }

    /// <summary>One Redis server for the tests of this class (none where redis-server is missing: the tests are skipped).</summary>
    public sealed class Redis : IAsyncLifetime
    {
        private RedisServer? _server;

        internal RedisServer Server => _server ?? throw new InvalidOperationException($"{RedisServer.Executable} is missing.");

        public async Task InitializeAsync()
        {
            if (File.Exists(RedisServer.Executable)) _server = await RedisServer.StartAsync();
        }

        public Task DisposeAsync()
        {
            _server?.Dispose();
            return Task.CompletedTask;
        }
    }
}
