using System.Diagnostics;

namespace NeuralTangents.Benchmarks;

/// <summary>
/// The smoke mode: each workload once to warm up (engine start, kernel compilation, page faults), then the
/// best of up to three runs within about a second. Not a statistically careful measurement, but the same table.
/// </summary>
internal static class QuickRun
{
    public static void Run(TextWriter output)
    {
        var total = Stopwatch.StartNew();
        var set = WorkloadSet.Quick();
        var seconds = new Dictionary<string, double>();
        foreach (var workload in set.Workloads)
        {
            workload.Run();
            double best = double.MaxValue, spent = 0;
            for (int run = 0; run < 3 && (run == 0 || spent < 1.0); run++)
            {
                var stopwatch = Stopwatch.StartNew();
                workload.Run();
                double elapsed = stopwatch.Elapsed.TotalSeconds;
                best = Math.Min(best, elapsed);
                spent += elapsed;
            }
            seconds[workload.Id] = best;
        }
        ResultTable.Print(set, seconds, output);
        double disagreement = KernelWorkloads.FusedVersusEngine(set.Data.Train, set.Engine);
        output.WriteLine($"check: fused host loop vs engine (float64), largest relative difference {disagreement:E1}");
        output.WriteLine($"quick run took {total.Elapsed.TotalSeconds:F1} s");
        if (disagreement > 1e-9) throw new InvalidOperationException($"The fused reference and the engine disagree by {disagreement:E2} (relative).");
    }
}
