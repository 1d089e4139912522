using System.Globalization;

namespace NeuralTangents.Distributed;

/// <summary>
/// The job's record in its store folder, <c>progress.txt</c>: the job's id, a fingerprint of what it computes, the
/// number of tiles, then one <c>done &lt;tile&gt; &lt;sha256&gt;</c> line per stored tile (<see cref="TileChecksum"/>:
/// its kernel blocks and the variances it carries), appended after the tile's data is written. Neither is forced to
/// disk per tile: a line cut short by a crash is ignored, and a tile whose data a power loss kept from the disk no
/// longer matches its checksum (both are computed again).
/// </summary>
internal sealed class ProgressFile
{
    public const string FileName = "progress.txt";
    private const string Magic = "# neural-tangents distributed job progress, version 2";

    /// <summary>Version 1's checksums left out the variances (cov1, cov2); its stores cannot be verified now.</summary>
    private const string MagicVersion1 = "# neural-tangents distributed job progress, version 1";

    private readonly string _path;

    private ProgressFile(string path, string jobId, string fingerprint, int tiles, Dictionary<int, string> finished)
    {
        _path = path;
        JobId = jobId;
        Fingerprint = fingerprint;
        Tiles = tiles;
        Finished = finished;
    }

    public string JobId { get; }

    public string Fingerprint { get; }

    public int Tiles { get; }

    /// <summary>The stored tiles and their checksums.</summary>
    public Dictionary<int, string> Finished { get; }

    /// <summary>Reads the progress file of <paramref name="folder"/>; null when there is none.</summary>
    /// <exception cref="InvalidDataException">The file is not a progress file.</exception>
    public static ProgressFile? Read(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        var lines = File.ReadAllLines(path);
        string Field(int line, string name) => lines.Length > line && lines[line].StartsWith(name + " ", StringComparison.Ordinal)
            ? lines[line][(name.Length + 1)..]
            : throw new InvalidDataException($"{path} is not a progress file of a distributed job (line {line + 1} should start with '{name} ').");
        if (lines.Length > 0 && lines[0] == MagicVersion1)
            throw new InvalidDataException($"{path} was written by an earlier version whose tile checksums leave out the variances (cov1, cov2); delete the store to compute it again.");
        if (lines.Length == 0 || lines[0] != Magic) throw new InvalidDataException($"{path} is not a progress file of a distributed job (its first line is not '{Magic}').");
        string jobId = Field(1, "job"), fingerprint = Field(2, "fingerprint");
        if (!JobIds.IsValid(jobId)) throw new InvalidDataException($"{path}: line 2 does not give a job id ({JobIds.Description}).");
        if (!int.TryParse(Field(3, "tiles"), NumberStyles.None, CultureInfo.InvariantCulture, out int tiles))
            throw new InvalidDataException($"{path}: line 4 does not give the number of tiles.");
        var finished = new Dictionary<int, string>();
        foreach (string line in lines.Skip(4))
        {
            var parts = line.Split(' ');
            if (parts is ["done", var index, var checksum] && int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out int tile)
                && tile < tiles && checksum.Length == TileChecksum.Length)
                finished[tile] = checksum;
        }
        return new ProgressFile(path, jobId, fingerprint, tiles, finished);
    }

    /// <summary>Creates (replacing) the progress file of a new job with no tile stored.</summary>
    public static ProgressFile Create(string folder, string jobId, string fingerprint, int tiles)
    {
        string path = Path.Combine(folder, FileName);
        File.WriteAllText(path, $"{Magic}\njob {jobId}\nfingerprint {fingerprint}\ntiles {tiles}\n");
        return new ProgressFile(path, jobId, fingerprint, tiles, []);
    }

    /// <summary>Records tile <paramref name="tile"/> as stored (written through to the operating system, not forced to disk).</summary>
    public void Append(int tile, string checksum)
    {
        using (var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"done {tile} {checksum}\n")));
            file.Flush(flushToDisk: false);
        }
        Finished[tile] = checksum;
    }
}
