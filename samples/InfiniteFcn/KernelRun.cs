using System.Diagnostics;
using System.Numerics;
using NeuralTangents;
using NeuralTangents.Samples.Data;

namespace InfiniteFcn;

/// <summary>The sample's work in one precision: preprocess, warm up, compute the kernel, report.</summary>
internal static class KernelRun
{
    /// <summary>
    /// Computes the kernel of the images with <paramref name="kernelFn"/> (the generated fused kernel of
    /// <paramref name="network"/>) and reports timings and a few values.
    /// </summary>
    public static void Run<T>(LabeledImages images, SampleOptions options, ILayer network,
        Func<Tensor<T>, Tensor<T>?, KernelOutputs, KernelOptions?, Kernel<T>> kernelFn) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var stopwatch = Stopwatch.StartNew();
        var x = Preprocessing.Images<T>(images);
        Stage("preprocess", stopwatch, $"{x.ShapeText} {typeof(T).Name}, rows centred, |x|² = {x.RowLength}");

        var kernelOptions = new KernelOptions
        {
            MemoryBudgetBytes = options.BudgetMiB * (1L << 20),
            Progress = new ConsoleProgress(),
        };
        Console.WriteLine($"network:    {network.Name}");
        Console.WriteLine($"engine:     {KernelEngine.Default.DeviceName}, tile budget {(kernelOptions.MemoryBudgetBytes ?? KernelEngine.Default.DefaultMemoryBudgetBytes) >> 20} MiB");

        // The first computation starts the engine and compiles the code (JIT, ILGPU); timing it apart keeps the throughput honest.
        stopwatch.Restart();
        kernelFn(x.SliceRows(0, Math.Min(2, x.Dim(0))), null, KernelOutputs.Both, KernelOptions.Default);
        Stage("warm-up", stopwatch, "engine start and kernel compilation on a 2×2 kernel");

        stopwatch.Restart();
        var kernel = kernelFn(x, null, KernelOutputs.Both, kernelOptions);
        double seconds = stopwatch.Elapsed.TotalSeconds;
        long entries = (long)x.Dim(0) * x.Dim(0);
        Stage("kernel", stopwatch, $"NNGP and NTK, {x.Dim(0)}×{x.Dim(0)}");
        Console.WriteLine($"throughput: {entries / seconds:G4} kernel entries/s ({entries:N0} entries (i, j), each NNGP and NTK)");

        PrintValues(kernel, images);
    }

    private static void Stage(string name, Stopwatch stopwatch, string what) =>
        Console.WriteLine($"{name + ":",-11} {stopwatch.Elapsed.TotalSeconds,8:F3} s  {what}");

    private static void PrintValues<T>(Kernel<T> kernel, LabeledImages images) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var nngp = kernel.Nngp!;
        var ntk = kernel.Ntk!;
        int n = nngp.Dim(0);
        Console.WriteLine("kernel values (image index: class):");
        foreach (var (i, j) in new[] { (0, 0), (0, 1), (0, n - 1), (1, 2), (n - 1, n - 1) }.Distinct())
        {
            if (i >= n || j >= n) continue;
            Console.WriteLine($"  ({i}: {FashionMnist.ClassNames[images.Labels[i]]}, {j}: {FashionMnist.ClassNames[images.Labels[j]]})".PadRight(42) +
                              $"NNGP {nngp[i, j],10:F6}   NTK {ntk[i, j],10:F6}");
        }
        double ratio = 0;
        for (int i = 0; i < n; i++) ratio += double.CreateTruncating(ntk[i, i]) / double.CreateTruncating(nngp[i, i]);
        Console.WriteLine($"  mean NTK/NNGP on the diagonal: {ratio / n:F6}");
    }
}
