namespace NeuralTangents.Generators.Benchmarks;

/// <summary>
/// Timed runs without BenchmarkDotNet: the generated (fused) kernel, the runtime path (the same network as a Stax
/// composition: the pair-major plan on the CPU) and NumPy, alternating
/// within each repetition so that load on a shared machine affects them alike; medians at the end. Also the smoke run
/// (<c>--quick</c>) and the way to time the 10 000² kernel (<c>--quick --n 10000</c>).
/// </summary>
internal static class QuickRun
{
    /// <param name="n">Images (the kernel is n × n).</param>
    /// <param name="repetitions">Rounds of measurements.</param>
    /// <param name="interpreted">Whether to time the runtime (Stax) path too and compare its kernel.</param>
    /// <param name="numPy">Whether to time <c>benchmarks/fcn_kernel_numpy.py</c> in each round.</param>
    /// <param name="output">Where to write.</param>
    public static void Run(int n, int repetitions, bool interpreted, bool numPy, TextWriter output)
    {
        using var workload = new KernelWorkload(n);
        var numPyRun = numPy ? NumPyReference.Locate(n) : null;
        output.WriteLine($"{workload.Source}; {n}×{n} NNGP + NTK of {ReluFcn.Info.Name}, float32, {workload.Engine.DeviceName}, " +
            $"fused host loop {(Engine.HostLaneWidth.EightLanes ? "8 lanes (AVX-512)" : "4 lanes")}");
        output.WriteLine($"host BLAS: {workload.Engine.HostLinearAlgebra}");
        var fusedTimes = new List<double>();
        var interpretedTimes = new List<double>();
        var numPyTimes = new List<double>();
        for (int rep = 0; rep < repetitions; rep++)
        {
            var fused = KernelWorkload.Time(() => workload.Fused());
            fusedTimes.Add(fused.Wall);
            string line = $"run {rep + 1} (load {RoundStatistics.LoadAverage()}): generated {fused.Wall:F3} s wall ({fused.Cpu:F2} s cpu)";
            if (interpreted)
            {
                var reference = KernelWorkload.Time(() => workload.Interpreted());
                interpretedTimes.Add(reference.Wall);
                line += $", runtime Stax path {reference.Wall:F3} s wall ({reference.Cpu:F2} s cpu), {reference.Wall / fused.Wall:F2}× wall; " +
                        $"largest relative NTK difference {RoundStatistics.LargestRelativeDifference(fused.Result.Ntk!, reference.Result.Ntk!):G2}";
            }
            if (numPyRun is not null)
            {
                double seconds = numPyRun();
                numPyTimes.Add(seconds);
                line += $", NumPy {seconds:F3} s wall, {seconds / fused.Wall:F2}× wall";
            }
            output.WriteLine(line);
        }
        string summary = $"median of {repetitions}: generated {RoundStatistics.Median(fusedTimes):F3} s";
        if (interpreted) summary += $", runtime Stax path {RoundStatistics.Median(interpretedTimes):F3} s ({RoundStatistics.Median(interpretedTimes) / RoundStatistics.Median(fusedTimes):F2}×)";
        if (numPyRun is not null) summary += $", NumPy {RoundStatistics.Median(numPyTimes):F3} s (generated is {RoundStatistics.Median(numPyTimes) / RoundStatistics.Median(fusedTimes):F2}× faster)";
        output.WriteLine(summary);
    }
}
