namespace NeuralTangents.Generators.Benchmarks;

/// <summary>What the timed rounds of both quick runs report beside their times: medians, the largest difference between two kernels, the load.</summary>
internal static class RoundStatistics
{
    /// <summary>The largest entry-wise relative difference of <paramref name="a"/> from <paramref name="b"/>.</summary>
    public static double LargestRelativeDifference(Tensor<float> a, Tensor<float> b)
    {
        double worst = 0;
        for (int i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a.Data[i] - b.Data[i]) / Math.Max(Math.Abs(b.Data[i]), 1e-30f));
        return worst;
    }

    /// <summary>The median of <paramref name="values"/>.</summary>
    public static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The 1-minute load average (Linux), so that noisy timings can be recognized as such.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
