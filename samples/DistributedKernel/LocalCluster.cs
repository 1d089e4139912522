using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NeuralTangents.Distributed;

namespace DistributedKernel;

/// <summary>
/// A cluster on this machine for <c>bench</c>: silo processes of this sample on loopback ports, and a
/// <c>redis-server</c> of its own (no persistence) unless one is given. Disposing kills the processes it started.
/// </summary>
internal sealed class LocalCluster : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly List<Process> _processes = [];
    private readonly List<Process> _silos = [];

    private LocalCluster(string clusterId) => ClusterId = clusterId;

    /// <summary>The Redis server of the membership table.</summary>
    public string Redis { get; private set; } = "";

    /// <summary>The cluster's id (fresh for each bench).</summary>
    public string ClusterId { get; }

    /// <summary>The processor time the silo processes have used so far (Redis excluded).</summary>
    public TimeSpan SiloProcessorTime
    {
        get
        {
            var total = TimeSpan.Zero;
            foreach (var silo in _silos)
            {
                silo.Refresh();
                total += silo.TotalProcessorTime;
            }
            return total;
        }
    }

    /// <summary>Starts <paramref name="silos"/> silos (and Redis when <paramref name="redis"/> is null) and waits until each is active.</summary>
    public static async Task<LocalCluster> StartAsync(int silos, string? redis)
    {
        var cluster = new LocalCluster("bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            cluster.Redis = redis ?? await cluster.StartRedisAsync();
            var ready = new List<Task>();
            for (int i = 0; i < silos; i++)
                ready.Add(cluster.StartSiloAsync(Math.Max(1, Environment.ProcessorCount / silos)));
            await Task.WhenAll(ready);
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        // Silos first, Redis (started first) last.
        for (int i = _processes.Count - 1; i >= 0; i--)
        {
            if (!_processes[i].HasExited) _processes[i].Kill();
            _processes[i].WaitForExit();
            _processes[i].Dispose();
        }
    }

    private async Task<string> StartRedisAsync()
    {
        string executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new ArgumentException("redis-server is not installed (Debian: apt-get install redis-server); give --redis HOST:PORT of a running one");
        int port = FreePort();
        Start(executable, ["--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], _ => { });
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return $"127.0.0.1:{port}";
            }
            catch (SocketException) when (clock.Elapsed < StartTimeout)
            {
                await Task.Delay(50);
            }
        }
    }

    private async Task StartSiloAsync(int cores)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new Queue<string>();
        // This sample again: through dotnet when it runs as `dotnet DistributedKernel.dll`, else its own executable.
        string self = Environment.ProcessPath!;
        string[] prefix = Path.GetFileNameWithoutExtension(self) == "dotnet" ? [typeof(LocalCluster).Assembly.Location] : [];
        var process = Start(self, [.. prefix, "silo", "--address", "127.0.0.1", "--silo-port", $"{FreePort()}", "--gateway-port", $"{FreePort()}",
            "--redis", Redis, "--cluster-id", ClusterId], line =>
        {
            lock (output)
            {
                output.Enqueue(line);
                if (output.Count > 40) output.Dequeue();
            }
            if (line == SiloCommand.ReadyLine) ready.TrySetResult();
        }, cores);
        _silos.Add(process);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"a silo exited with code {process.ExitCode}:\n{string.Join('\n', output)}"));
        if (await Task.WhenAny(ready.Task, Task.Delay(StartTimeout)) != ready.Task)
            throw new TimeoutException($"a silo did not join the cluster within {StartTimeout.TotalSeconds} s:\n{string.Join('\n', output)}");
        await ready.Task;
    }

    private Process Start(string executable, string[] arguments, Action<string> line, int? cores = null)
    {
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(executable, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false },
            EnableRaisingEvents = true,
        };
        // The silos run the GEMM this process runs (unless the caller chose one): measured anew in each process under
        // load, the choices differed between silos, which then computed at different speeds and rounded differently.
        process.StartInfo.Environment[GemmSetting.Variable] = Environment.GetEnvironmentVariable(GemmSetting.Variable) ?? GemmSetting.Of(KernelPrecision.Float32);
        // The machine's cores shared out among the silos (.NET's DOTNET_PROCESSOR_COUNT, which sizes each silo's engine):
        // silos that each used every core ran twice as many compute threads as cores, and their parallel loops waited
        // on descheduled threads.
        if (cores is int count) process.StartInfo.Environment["DOTNET_PROCESSOR_COUNT"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Every line is read (and mostly dropped) so that a chatty process never blocks on a full pipe.
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) line(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) line(e.Data); };
        process.Start();
        _processes.Add(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
