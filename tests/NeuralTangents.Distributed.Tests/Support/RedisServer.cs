using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NeuralTangents.Distributed.Tests.Support;

/// <summary>
/// A throwaway Debian <c>redis-server</c> (which <c>.ci/run</c> installs) on a free loopback port, without
/// persistence; stopped by its process when disposed.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    public const string Executable = "/usr/bin/redis-server";
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} is missing: install Debian's redis-server (.ci/run does).");
        int port = FreePort();
        var process = Process.Start(new ProcessStartInfo(Executable, ["--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var server = new RedisServer(process, port);
        for (int attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (!process.HasExited)
            {
                await Task.Delay(50);
            }
        }
        server.Dispose();
        throw new InvalidOperationException($"redis-server did not accept connections on port {port}.");
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit(5000);
        _process.Dispose();
    }
}
