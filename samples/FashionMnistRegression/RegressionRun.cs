using System.Diagnostics;
using System.Numerics;
using NeuralTangents;
using NeuralTangents.Samples.Data;

namespace FashionMnistRegression;

/// <summary>The sample's work in one precision: <see cref="KernelRegression.Fit{T}"/> with each stage's time printed, then the accuracies.</summary>
internal static class RegressionRun
{
    public static void Run<T>(FashionMnistData data, SampleOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var kernelOptions = new KernelOptions { MemoryBudgetBytes = options.BudgetMiB * (1L << 20) };
        Console.WriteLine($"network:     {options.Network.Name}: {options.Network.Description}");
        Console.WriteLine($"engine:      {KernelEngine.Default.DeviceName}");
        Console.WriteLine($"solver:      {Predict.LinearAlgebraBackendName}");
        Console.WriteLine($"regularizer: λ = {options.DiagReg:G4}·trace(K)/n for each kernel");

        var stopwatch = Stopwatch.StartNew();
        var result = KernelRegression.Fit<T>(options.Network, data, options.DiagReg, kernelOptions, (name, what) =>
        {
            Console.WriteLine($"{name + ":",-12} {stopwatch.Elapsed.TotalSeconds,8:F3} s  {what}");
            stopwatch.Restart();
        });

        double nngp = Classification.Accuracy(result.NngpMean, data.Test.Labels);
        double ntk = Classification.Accuracy(result.NtkMean, data.Test.Labels);
        Console.WriteLine($"accuracy:    NNGP {nngp:F4}   NTK {ntk:F4}   ({data.Test.Count} test images)");
    }
}
