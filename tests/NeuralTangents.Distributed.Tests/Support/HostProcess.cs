using System.Collections.Concurrent;
using System.Diagnostics;

namespace NeuralTangents.Distributed.Tests.Support;

/// <summary>
/// A process of the test host (<c>dotnet NeuralTangents.Distributed.TestHost.dll …</c>, built beside the tests): its
/// output kept for failure messages, waited for line by line, killed by its PID when the test says so or when disposed.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private static readonly string HostDll = Path.Combine(AppContext.BaseDirectory, "NeuralTangents.Distributed.TestHost.dll");
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _timedOutput = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    private void Received(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        _timedOutput.Enqueue($"{_clock.Elapsed.TotalSeconds,6:F2} s  {line}");
    }

    /// <summary>What the test calls the process, in failure messages.</summary>
    public string Name { get; }

    /// <summary>The process id.</summary>
    public int Id { get; private set; }

    /// <summary>Everything the process wrote so far (stdout and stderr), each line with the seconds since the start.</summary>
    public string Output => string.Join('\n', _timedOutput);

    /// <summary>Whether the process wrote <paramref name="text"/> as one whole line.</summary>
    public bool Wrote(string text) => _output.Contains(text);

    /// <summary>Starts the test host with <paramref name="arguments"/>.</summary>
    public static HostProcess Start(string name, params string[] arguments)
    {
        // The SDK names the dotnet that runs the tests; a plain "dotnet" from PATH otherwise.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var info = new ProcessStartInfo(dotnet, [HostDll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Bit-identical kernels need the GEMM this process (the reference) runs: OpenBLAS and the managed GEMM round
        // differently, and each process would otherwise measure which is faster and might choose the other.
        info.Environment[GemmSetting.Variable] = GemmSetting.Of(KernelPrecision.Float64);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var host = new HostProcess(name, process);
        process.OutputDataReceived += (_, e) => host.Received(e.Data);
        process.ErrorDataReceived += (_, e) => host.Received(e.Data);
        process.Exited += (_, _) => host._exited.TrySetResult();
        process.Start();
        host.Id = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until the process has written <paramref name="line"/>.</summary>
    /// <exception cref="TimeoutException">It did not within <paramref name="timeout"/>, or it exited first.</exception>
    public async Task WaitForLineAsync(string line, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!_output.Contains(line))
        {
            if (_exited.Task.IsCompleted || clock.Elapsed > timeout)
                throw new TimeoutException($"{Name} did not write '{line}' within {timeout.TotalSeconds} s (exited: {_exited.Task.IsCompleted}); its output:\n{Output}");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits for the process to exit on its own and returns its exit code.</summary>
    /// <exception cref="TimeoutException">It did not exit within <paramref name="timeout"/>.</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        if (await Task.WhenAny(_exited.Task, Task.Delay(timeout)) != _exited.Task)
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds} s; its output:\n{Output}");
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>Kills the process (SIGKILL: no shutdown, no goodbye to the cluster) and waits until it is gone.</summary>
    public void Kill()
    {
        try
        {
            using var byId = Process.GetProcessById(Id);
            byId.Kill();
        }
        catch (ArgumentException)
        {
            // It has exited already.
        }
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}
