namespace NeuralTangents.Generators.Benchmarks;

/// <summary>
/// A smoke run in seconds, without BenchmarkDotNet: both paths timed (after a warm-up) on n images, with their
/// agreement. Also the way to time a single large run: <c>--quick --n 10000</c>.
/// </summary>
internal static class QuickRun
{
    public static void Run(int n, int repetitions, TextWriter output)
    {
        using var workload = new KernelWorkload(n);
        output.WriteLine($"{workload.Source}; {n}×{n} NNGP + NTK of {ReluFcn.Info.Name}, float32, {workload.Engine.DeviceName}");
        for (int rep = 0; rep < repetitions; rep++)
        {
            var fused = KernelWorkload.Time(() => workload.Fused());
            var interpreted = KernelWorkload.Time(() => workload.Interpreted());
            double worst = 0;
            var a = fused.Result.Ntk!.Data;
            var b = interpreted.Result.Ntk!.Data;
            for (int i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a[i] - b[i]) / Math.Max(Math.Abs(b[i]), 1e-30f));
            output.WriteLine($"run {rep + 1}: generated {fused.Wall:F3} s wall ({fused.Cpu:F2} s cpu), interpreted {interpreted.Wall:F3} s wall " +
                $"({interpreted.Cpu:F2} s cpu): {interpreted.Wall / fused.Wall:F2}× wall, {interpreted.Cpu / fused.Cpu:F2}× cpu; " +
                $"largest relative NTK difference {worst:G2}");
        }
    }
}
