namespace DistributedKernel;

/// <summary>The machine's load averages, printed beside every timing (a timing under a load above the cores is not conclusive).</summary>
internal static class LoadAverage
{
    /// <summary>The 1, 5 and 15 minute load averages (Linux), or "unknown".</summary>
    public static string Text()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
