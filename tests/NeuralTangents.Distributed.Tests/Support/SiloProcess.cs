using System.Globalization;

namespace NeuralTangents.Distributed.Tests.Support;

/// <summary>
/// A silo process of the multi-process tests on loopback ports, with the log of the tiles it started and the gate
/// that holds its tiles back (see the test host's <c>FileTileLog</c>).
/// </summary>
internal sealed class SiloProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private SiloProcess(HostProcess process, int siloPort, string logPath, string gatePath)
    {
        Process = process;
        SiloPort = siloPort;
        LogPath = logPath;
        GatePath = gatePath;
    }

    public HostProcess Process { get; }

    public int SiloPort { get; }

    public string LogPath { get; }

    public string GatePath { get; }

    /// <summary>
    /// Starts a silo of cluster <paramref name="clusterId"/> and waits until it is an active member. With
    /// <paramref name="allowedTiles"/> its gate lets that many tiles start; the next one waits.
    /// </summary>
    public static async Task<SiloProcess> StartAsync(string name, string redis, string clusterId, int siloPort, int gatewayPort, string folder, int? allowedTiles)
    {
        string log = Path.Combine(folder, name + ".log"), gate = Path.Combine(folder, name + ".gate");
        if (allowedTiles is { } allowed) SetGate(gate, allowed);
        var process = HostProcess.Start(name, "silo", "--redis", redis, "--cluster-id", clusterId, "--silo-port", $"{siloPort}",
            "--gateway-port", $"{gatewayPort}", "--log", log, "--gate", gate);
        var silo = new SiloProcess(process, siloPort, log, gate);
        try
        {
            await process.WaitForLineAsync("ready", StartTimeout);
            return silo;
        }
        catch
        {
            silo.Dispose();
            throw;
        }
    }

    /// <summary>Whether <paramref name="siloAddress"/> (<c>SiloAddress.ToParsableString()</c>, ip:port@generation) is this silo.</summary>
    public bool Is(string siloAddress) => siloAddress.StartsWith($"127.0.0.1:{SiloPort}@", StringComparison.Ordinal);

    /// <summary>The tiles this silo started, in order (a tile held at the gate included).</summary>
    public List<int> Started => Events("start");

    /// <summary>The tile this silo holds at its gate, or null.</summary>
    public int? Waiting
    {
        get
        {
            var waiting = Events("waiting");
            return waiting.Count > 0 && waiting[^1] == Started.LastOrDefault(-1) ? waiting[^1] : null;
        }
    }

    /// <summary>How many times this silo fetched a job's inputs.</summary>
    public int Fetches => Lines().Count(line => line.StartsWith("fetch ", StringComparison.Ordinal));

    /// <summary>Lets every tile through.</summary>
    public void OpenGate() => File.Delete(GatePath);

    public void Dispose() => Process.Dispose();

    /// <summary>Replaces the gate file in one rename, so the silo never reads half a number.</summary>
    private static void SetGate(string path, int allowed)
    {
        File.WriteAllText(path + ".new", allowed.ToString(CultureInfo.InvariantCulture));
        File.Move(path + ".new", path, overwrite: true);
    }

    private List<int> Events(string kind) =>
        [.. Lines().Where(line => line.StartsWith(kind + " ", StringComparison.Ordinal)).Select(line => int.Parse(line[(kind.Length + 1)..], CultureInfo.InvariantCulture))];

    private string[] Lines()
    {
        if (!File.Exists(LogPath)) return [];
        using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        // A line the silo is still writing has no newline yet: leave it for the next read.
        string text = reader.ReadToEnd();
        return text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
