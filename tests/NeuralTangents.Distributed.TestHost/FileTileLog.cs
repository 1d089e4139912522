using System.Globalization;
using NeuralTangents.Distributed;

namespace NeuralTangents.Distributed.TestHost;

/// <summary>
/// A silo process's record of its work, for the test that started it: one line per event appended to
/// <see cref="LogPath"/> (<c>fetch &lt;job&gt;</c>, <c>start &lt;tile&gt;</c>, <c>waiting &lt;tile&gt;</c>), each
/// written through before the work goes on, so a line is on disk when the process is killed. A gate holds tiles
/// back so that the test kills the process at a known point: <see cref="GatePath"/> holds how many tiles this
/// process may start; a tile beyond that number is logged as started, then waits (logged <c>waiting</c>) until the
/// file allows it or is deleted.
/// </summary>
/// <param name="logPath">The log file (created if missing).</param>
/// <param name="gatePath">The gate file; null, or no file, means no limit.</param>
internal sealed class FileTileLog(string logPath, string? gatePath) : ITileListener
{
    private static readonly TimeSpan GatePoll = TimeSpan.FromMilliseconds(20);
    private readonly Lock _writing = new();
    private int _started;

    /// <summary>The log file.</summary>
    public string LogPath { get; } = logPath;

    /// <summary>The gate file, or null.</summary>
    public string? GatePath { get; } = gatePath;

    public void InputsFetched(string jobId, string silo) => Append($"fetch {jobId}");

    public void Computing(string jobId, int tile, string silo)
    {
        // Workers compute one tile per silo at a time, but the count is shared by every job this silo serves.
        int started = Interlocked.Increment(ref _started);
        Append($"start {tile}");
        if (Allowed() >= started) return;
        Append($"waiting {tile}");
        while (Allowed() < started) Thread.Sleep(GatePoll);
    }

    /// <summary>How many tiles the gate allows now.</summary>
    private int Allowed()
    {
        if (GatePath is null) return int.MaxValue;
        try
        {
            return int.Parse(File.ReadAllText(GatePath).Trim(), CultureInfo.InvariantCulture);
        }
        catch (FileNotFoundException)
        {
            return int.MaxValue;
        }
        catch (FormatException)
        {
            // The test is rewriting the file; read it again at the next poll.
            return 0;
        }
    }

    private void Append(string line)
    {
        lock (_writing)
        {
            using var file = new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            file.Write(System.Text.Encoding.ASCII.GetBytes(line + "\n"));
        }
    }
}
