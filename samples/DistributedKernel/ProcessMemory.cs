using System.Globalization;

namespace DistributedKernel;

/// <summary>
/// This process's resident memory as Linux reports it in <c>/proc/self/status</c>: the peak (VmHWM) and the current
/// anonymous (heap) and file-backed parts. Elsewhere every figure is reported as unknown.
/// </summary>
internal readonly record struct ProcessMemory(long? PeakBytes, long? AnonymousBytes, long? FileBytes)
{
    /// <summary>The figures now.</summary>
    public static ProcessMemory Read()
    {
        try
        {
            var lines = File.ReadAllLines("/proc/self/status");
            long? Field(string name) => lines.FirstOrDefault(line => line.StartsWith(name + ":", StringComparison.Ordinal)) is { } line
                ? long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024 : null;
            return new ProcessMemory(Field("VmHWM"), Field("RssAnon"), Field("RssFile"));
        }
        catch (IOException)
        {
            return default;
        }
    }

    /// <summary>
    /// Resets the peak to the current resident memory (writing 5 to <c>/proc/self/clear_refs</c>, Linux 4.0 and later),
    /// so that the next <see cref="Read"/> reports the peak of what ran since; false where that is not possible.
    /// </summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"peak RSS {Gib(PeakBytes)} (VmHWM), now {Gib(AnonymousBytes)} anonymous + {Gib(FileBytes)} file-backed";

    private static string Gib(long? bytes) => bytes is { } b ? $"{b / (double)(1L << 30):F2} GiB" : "unknown";
}
