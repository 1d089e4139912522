namespace NeuralTangents.Distributed;

/// <summary>
/// A request to cancel the job writing a store, left as a file in the store (<see cref="FileName"/>) for the client
/// that runs the job to find at its next poll. The client owns the job, so it cancels it through the same grain it
/// talks to; a cancel sent to the job grain from another process can reach a second activation of it while the
/// cluster's grain directory settles after silos start (seen with two fresh silos: the other process's call found no
/// job and the job ran on).
/// </summary>
public static class CancelRequest
{
    /// <summary>The request file's name in the store's folder.</summary>
    public const string FileName = "cancel.request";

    /// <summary>Asks the client running the job in <paramref name="folder"/> to cancel it at its next poll.</summary>
    /// <param name="folder">The store's folder (see <see cref="StorePaths.Resolve"/>).</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static void Write(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"No store at {folder}.");
        File.WriteAllText(Path.Combine(folder, FileName), $"cancel requested {DateTime.UtcNow:O}\n");
    }

    /// <summary>Whether a request is waiting in <paramref name="folder"/>; it is removed, so it cancels one run.</summary>
    internal static bool Take(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return false;
        File.Delete(path);
        return true;
    }
}
