using NeuralTangents.Samples.Data;

namespace NeuralTangents.Generators.Benchmarks;

/// <summary>
/// The CNN kernels of issue 12 side by side, in rounds: the runtime path (the network composed with <c>Stax</c>),
/// the generated class, and <c>benchmarks/cnn_kernel_numpy.py</c> (the same recursion in NumPy) in a child process;
/// microseconds per entry (Flatten readout, a test × train block) or milliseconds per distinct pair (GlobalAvgPool
/// readout, images against themselves), the ratios, and the arithmetic limit of the recursion on this machine.
/// </summary>
internal static class CnnQuickRun
{
    /// <summary>Sustained float32 rate the limit assumes: about half the two cores' AVX-512 peak (~450 GFLOP/s).</summary>
    private const double SustainedFlops = 200e9;

    /// <param name="readout">"flatten" or "gap".</param>
    /// <param name="n1">Rows (test images), or the images of the GlobalAvgPool kernel.</param>
    /// <param name="n2">Columns (training images) of the Flatten kernel.</param>
    /// <param name="repetitions">Rounds.</param>
    /// <param name="numPy">Whether to run the NumPy script in each round.</param>
    /// <param name="output">Where to write.</param>
    public static void Run(string readout, int n1, int n2, int repetitions, bool numPy, TextWriter output)
    {
        bool flatten = readout == "flatten";
        var data = FashionMnist.Load(n1 + n2, 0);
        var all = Preprocessing.Images<float>(data.Train);
        var x1 = Slice(all, 0, n1);
        var x2 = flatten ? Slice(all, n1, n2) : null;
        var network = flatten ? CnnFlatten.Network : CnnGlobalAvgPool.Network;
        // The runtime path: the same network composed with Stax at run time, as a user without [Network] writes it.
        var runtime = Stax.Serial(ConvRelu(), ConvRelu(), ConvRelu(), flatten ? Stax.Flatten() : Stax.GlobalAvgPool(), Stax.Dense(10, 1.5, 0.05));
        Func<Tensor<float>, Tensor<float>?, Kernel<float>> generated = flatten
            ? (a, b) => CnnFlatten.KernelFn(a, b)
            : (a, b) => CnnGlobalAvgPool.KernelFn(a, b);
        // Units: entries of the test × train block, or distinct pairs of images against themselves.
        double units = flatten ? (double)n1 * n2 : n1 * (n1 + 1) / 2.0;
        string unit = flatten ? "µs per entry" : "ms per pair";
        double scale = flatten ? 1e6 : 1e3;
        double limit = FlopsPerUnit(flatten) / SustainedFlops * scale;
        var numPyRun = numPy ? NumPyReference.LocateCnn(readout, n1, n2) : null;
        output.WriteLine($"{data.SourceDescription}; CNN with {(flatten ? "Flatten" : "GlobalAvgPool")} readout, {(flatten ? $"{n1}×{n2} block" : $"{n1} images against themselves")}, " +
            $"NNGP + NTK, float32, {Environment.ProcessorCount} cores; arithmetic limit ~{limit:G3} {unit} ({FlopsPerUnit(flatten) / 1e6:G3} MFLOP at {SustainedFlops / 1e9:G3} GFLOP/s)");
        output.WriteLine($"plan: {KernelPlanInfo.For<float>(runtime, new[] { 1, 28, 28, 1 }, n1, flatten ? n2 : null).Path}");
        // Compile and warm up on two images.
        runtime.KernelFn(Slice(all, 0, 2));
        generated(Slice(all, 0, 2), null);
        var times = (Runtime: new List<double>(), Generated: new List<double>(), NumPy: new List<double>());
        for (int round = 0; round < repetitions; round++)
        {
            // Managed allocations and full collections per kernel: a round that allocates (and first-touches) fresh
            // buffers instead of reusing pooled ones is slow on these VMs, whatever the arithmetic.
            var (allocated, collections) = (GC.GetTotalAllocatedBytes(), GC.CollectionCount(2));
            var r = KernelWorkload.Time(() => runtime.KernelFn(x1, x2));
            var runtimeMemory = $"{(GC.GetTotalAllocatedBytes() - allocated) / 1e6:F0} MB allocated, {GC.CollectionCount(2) - collections} gen2";
            (allocated, collections) = (GC.GetTotalAllocatedBytes(), GC.CollectionCount(2));
            var g = KernelWorkload.Time(() => generated(x1, x2));
            var generatedMemory = $"{(GC.GetTotalAllocatedBytes() - allocated) / 1e6:F0} MB allocated, {GC.CollectionCount(2) - collections} gen2";
            times.Runtime.Add(r.Wall / units * scale);
            times.Generated.Add(g.Wall / units * scale);
            string line = $"round {round + 1} (load {RoundStatistics.LoadAverage()}): runtime {r.Wall / units * scale:G4} {unit} ({r.Wall:F3} s, {r.Cpu:F2} s cpu, {runtimeMemory}), " +
                $"generated {g.Wall / units * scale:G4} {unit} ({g.Wall:F3} s, {g.Cpu:F2} s cpu, {generatedMemory}), largest relative difference {RoundStatistics.LargestRelativeDifference(r.Result.Ntk!, g.Result.Ntk!):G2}";
            if (numPyRun is not null)
            {
                double perUnit = numPyRun();
                times.NumPy.Add(perUnit);
                line += $", NumPy {perUnit:G4} {unit}: runtime {perUnit / (r.Wall / units * scale):F1}× faster";
            }
            output.WriteLine(line);
        }
        string summary = $"median of {repetitions}: runtime {RoundStatistics.Median(times.Runtime):G4} {unit}, generated {RoundStatistics.Median(times.Generated):G4} {unit}";
        if (numPyRun is not null) summary += $", NumPy {RoundStatistics.Median(times.NumPy):G4} {unit} (runtime {RoundStatistics.Median(times.NumPy) / RoundStatistics.Median(times.Runtime):F1}×, generated {RoundStatistics.Median(times.NumPy) / RoundStatistics.Median(times.Generated):F1}× faster)";
        output.WriteLine(summary + $"; arithmetic limit ~{limit:G3} {unit}");
    }

    private static ILayer ConvRelu() => Stax.Serial(Stax.Conv(256, new[] { 3, 3 }, null, Padding.Same, 1.5, 0.05), Stax.Relu());

    /// <summary>
    /// Flops per entry (Flatten) or per pair (GlobalAvgPool): per position pair and layer, the box filter's 9 adds on
    /// nngp and ntk, the affine rule (~5) and the ReLU dual (~40 with its square root and arc tangent).
    /// </summary>
    private static double FlopsPerUnit(bool flatten)
    {
        const double perPositionPairAndLayer = 2 * 9 + 5 + 40;
        double positionPairs = flatten ? 784 : 784.0 * 784;
        return 3 * positionPairs * perPositionPairAndLayer;
    }

    private static Tensor<float> Slice(Tensor<float> images, int first, int count)
    {
        var data = images.Data.AsSpan(first * 784, count * 784).ToArray();
        return new Tensor<float>(data, count, 28, 28, 1);
    }
}
