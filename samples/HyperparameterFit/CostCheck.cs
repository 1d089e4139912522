using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using NeuralTangents;
using NeuralTangents.Samples.Data;

namespace HyperparameterFitSample;

/// <summary>
/// The cost of kernel derivatives (issue 14's check: all hyperparameter derivatives of an n × n FCN kernel take at most
/// 3× the kernel's time per hyperparameter), measured in one run in float64 and float32 on the CPU: the kernel alone
/// (<see cref="ILayer.KernelFn{T}"/>, NNGP and NTK) against <see cref="KernelDerivatives.Compute{T}"/> with every
/// hyperparameter of the network (each Dense's W_std and b_std, NNGP and NTK with their derivatives). Each figure
/// is the best of <c>repeats</c> runs after a warm-up, so that one-time compilation and a busy neighbour weigh less.
/// </summary>
internal static class CostCheck
{
    /// <summary>Measures and prints both precisions.</summary>
    /// <param name="data">Training images; the first <paramref name="n"/> are the inputs.</param>
    /// <param name="n">Items per side of the kernel.</param>
    /// <param name="repeats">Runs of each computation; the fastest counts.</param>
    public static void Run(FashionMnistData data, int n, int repeats)
    {
        var network = FitNetwork.Create();
        var hyperparameters = Hyperparameter.Of(network);
        // KernelDerivatives runs on the CPU whatever the engine; the kernel alone is timed on the CPU too, so that the ratio compares like with like.
        using var engine = KernelEngine.Create(AcceleratorKind.Cpu);
        var options = new KernelOptions { Engine = engine };
        Console.WriteLine($"cost check:  {n} × {n} kernel, {FitNetwork.Description}");
        Console.WriteLine($"             {hyperparameters.Count} hyperparameters ({string.Join(", ", hyperparameters)}), NNGP and NTK,");
        Console.WriteLine($"             best of {repeats} runs, {engine.DeviceName}, load average before: {LoadAverage()}");
        Measure<double>(network, hyperparameters, data, n, repeats, options);
        Measure<float>(network, hyperparameters, data, n, repeats, options);
        Console.WriteLine($"             load average after: {LoadAverage()}");
    }

    private static void Measure<T>(ILayer network, IReadOnlyList<Hyperparameter> hyperparameters, FashionMnistData data, int n, int repeats, KernelOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Preprocessing.Images<T>(data.Train).SliceRows(0, n);
        var small = x.SliceRows(0, Math.Min(8, n));
        network.KernelFn(small, null, KernelOutputs.Both, options);
        KernelDerivatives.Compute(network, small, null, hyperparameters, KernelOutputs.Both, options);

        double kernel = Best(repeats, () => network.KernelFn(x, null, KernelOutputs.Both, options));
        double bare = Best(repeats, () => KernelDerivatives.Compute(network, x, null, [], KernelOutputs.Both, options));
        double all = Best(repeats, () => KernelDerivatives.Compute(network, x, null, hyperparameters, KernelOutputs.Both, options));
        int m = hyperparameters.Count;
        string name = typeof(T) == typeof(double) ? "float64" : "float32";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}:     kernel alone (KernelFn) {kernel:F3} s; derivative plan without tangents {bare:F3} s; with all {m} derivatives {all:F3} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"             per hyperparameter: (all − kernel)/{m} = {(all - kernel) / m:F3} s = {(all - kernel) / m / kernel:F2}× the kernel; all/{m} = {all / m / kernel:F2}× the kernel (target ≤ 3×)"));
    }

    private static double Best(int repeats, Action run)
    {
        double best = double.PositiveInfinity;
        for (int r = 0; r < repeats; r++)
        {
            var stopwatch = Stopwatch.StartNew();
            run();
            best = Math.Min(best, stopwatch.Elapsed.TotalSeconds);
        }
        return best;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
