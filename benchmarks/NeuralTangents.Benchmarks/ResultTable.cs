using System.Globalization;
using NeuralTangents.LinearAlgebra;

namespace NeuralTangents.Benchmarks;

/// <summary>Prints each workload's rate next to its achievable limit, the same way for the quick and the full run.</summary>
internal static class ResultTable
{
    public static void Print(WorkloadSet set, IReadOnlyDictionary<string, double> secondsPerRun, TextWriter output)
    {
        var rates = set.Workloads.Where(w => secondsPerRun.ContainsKey(w.Id)).ToDictionary(w => w.Id, w => w.Rate(secondsPerRun[w.Id]));
        output.WriteLine();
        output.WriteLine($"device: {set.Engine.DeviceName}; host BLAS: {Blas.Description}; data: {set.Data.SourceDescription}");
        string header = $"{"workload",-50} {"size",-14} {"time/run",10} {"rate",22} {"limit",22}  {"of limit",8}  how the limit is obtained";
        output.WriteLine(header);
        output.WriteLine(new string('-', header.Length + 12));
        foreach (var workload in set.Workloads)
        {
            if (!secondsPerRun.TryGetValue(workload.Id, out double seconds)) continue;
            double rate = rates[workload.Id];
            string limit = "", share = "", how = workload.Limit is null ? "(a limit for other rows)" : "";
            if (workload.Limit is { } spec)
            {
                how = spec.How;
                if (rates.TryGetValue(spec.ReferenceId, out double reference))
                {
                    limit = Format(reference * spec.Scale, workload.Unit);
                    share = (rate / (reference * spec.Scale)).ToString("P1", CultureInfo.InvariantCulture);
                }
                else limit = "n/a";
            }
            string rateText = Format(rate, workload.Unit);
            if (workload.BytesPerUnit > 0) rateText += $" {rate * workload.BytesPerUnit / 1e9:F2} GB/s";
            output.WriteLine($"{workload.Title,-50} {workload.Size,-14} {FormatTime(seconds),10} {rateText,22} {limit,22}  {share,8}  {how}");
        }
    }

    private static string Format(double rate, string unit) => unit == "entries/s"
        ? rate.ToString("0.00E+0", CultureInfo.InvariantCulture) + " e/s"
        : rate.ToString("F2", CultureInfo.InvariantCulture) + " " + unit;

    private static string FormatTime(double seconds) => seconds >= 1
        ? seconds.ToString("F2", CultureInfo.InvariantCulture) + " s"
        : (seconds * 1e3).ToString("F2", CultureInfo.InvariantCulture) + " ms";
}
