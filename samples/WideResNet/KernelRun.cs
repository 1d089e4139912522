using System.Diagnostics;
using System.Numerics;
using NeuralTangents;
using NeuralTangents.Samples.Data;

namespace WideResNet;

/// <summary>Builds the network, states its plan, computes the kernel and prints it with the timings.</summary>
internal static class KernelRun
{
    public static void Run<T>(LabeledImages images, SampleOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Images<T>(images, options.Downsample);
        // The default configuration in float32 is the generated model class; other sizes and depths are built at run time.
        bool generated = typeof(T) == typeof(float) && options.BlockSize == WideResNetModel.BlockSize && x.Dim(1) == WideResNetModel.Side
            && FashionMnist.Classes == WideResNetModel.Classes;
        var network = generated ? WideResNetModel.Network : WideResNetArchitecture.Network(options.BlockSize, 1, FashionMnist.Classes, x.Shape);
        var kernelOptions = new KernelOptions { MemoryBudgetBytes = options.BudgetMiB * (1L << 20) };
        var plan = KernelPlanInfo.For<T>(network, x.Shape, x.Dim(0), options: kernelOptions);
        Console.WriteLine($"images:     {x.Dim(0)} of {x.Dim(1)}×{x.Dim(2)} ({typeof(T).Name})");
        Console.WriteLine($"network:    WideResnet(block_size {options.BlockSize}, k 1, classes {FashionMnist.Classes})");
        Console.WriteLine($"model:      {(generated ? "WideResNetModel, compiled by the source generator (interpreted convolutional head, fused Dense tail)" : "built with the Stax factory at run time")}");
        Console.WriteLine($"covariance: {plan.CovarianceForm}, input {plan.InputLayout}");
        Console.WriteLine($"memory:     {plan.BytesPerPair / 1024.0:F0} KiB per pair of images, {plan.Tiles} tile(s) of {plan.Tile.Rows}×{plan.Tile.Cols} ({plan.BytesPerTile / (1024.0 * 1024):F1} MiB each)");

        var watch = Stopwatch.StartNew();
        var kernel = generated
            ? (Kernel<T>)(object)WideResNetModel.KernelFn((Tensor<float>)(object)x, null, KernelOutputs.Both, kernelOptions)
            : network.KernelFn(x, null, KernelOutputs.Both, kernelOptions);
        Console.WriteLine($"kernel:     {watch.Elapsed.TotalSeconds,8:F3} s");
        Print("nngp", kernel.Nngp!);
        Print("ntk", kernel.Ntk!);
    }

    /// <summary>The preprocessed images (centred, norm √d) as (count, H/f, W/f, 1), averaged over f×f blocks.</summary>
    private static Tensor<T> Images<T>(LabeledImages images, int factor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var flat = Preprocessing.Images<double>(images);
        int n = images.Count, h = images.Rows / factor, w = images.Columns / factor;
        var data = new T[n * h * w];
        for (int i = 0; i < n; i++)
            for (int r = 0; r < h; r++)
                for (int c = 0; c < w; c++)
                {
                    double sum = 0;
                    for (int a = 0; a < factor; a++)
                        for (int b = 0; b < factor; b++) sum += flat[i, (r * factor + a) * images.Columns + c * factor + b];
                    data[(i * h + r) * w + c] = T.CreateTruncating(sum / (factor * factor));
                }
        return new Tensor<T>(data, n, h, w, 1);
    }

    private static void Print<T>(string name, Tensor<T> k) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Console.WriteLine($"{name}:");
        for (int i = 0; i < k.Dim(0); i++)
            Console.WriteLine("  " + string.Join(" ", Enumerable.Range(0, k.Dim(1)).Select(j => double.CreateTruncating(k[i, j]).ToString("F5", System.Globalization.CultureInfo.InvariantCulture).PadLeft(10))));
    }
}
