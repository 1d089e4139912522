using System.Diagnostics;
using System.Numerics;
using NeuralTangents;
using NeuralTangents.Samples.Data;

namespace FashionMnistRegression;

/// <summary>The sample's work in one precision: preprocess, kernels, GP inference, accuracy, with stage timings.</summary>
internal static class RegressionRun
{
    /// <summary>The network of Neural Tangents' fully-connected examples, in the NTK parameterization.</summary>
    public static ILayer Network() => Stax.Serial(
        Stax.Dense(512, wStd: 1.5, bStd: 0.05), Stax.Relu(),
        Stax.Dense(512, wStd: 1.5, bStd: 0.05), Stax.Relu(),
        Stax.Dense(10, wStd: 1.5, bStd: 0.05));

    public static void Run<T>(FashionMnistData data, SampleOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var network = Network();
        var stopwatch = Stopwatch.StartNew();
        var xTrain = Preprocessing.Images<T>(data.Train);
        var xTest = Preprocessing.Images<T>(data.Test);
        var yTrain = Preprocessing.Targets<T>(data.Train);
        Stage("preprocess", stopwatch, $"x_train {xTrain.ShapeText}, x_test {xTest.ShapeText}, y_train {yTrain.ShapeText}, {typeof(T).Name}");

        var kernelOptions = new KernelOptions { MemoryBudgetBytes = options.BudgetMiB * (1L << 20) };
        Console.WriteLine($"network:     {network.Name}");
        Console.WriteLine($"engine:      {KernelEngine.Default.DeviceName}");
        Console.WriteLine($"solver:      {Predict.LinearAlgebraBackendName}");

        // The first computation compiles the ILGPU kernels; timing it apart keeps the kernel stages honest.
        stopwatch.Restart();
        network.KernelFn(xTrain.SliceRows(0, Math.Min(2, xTrain.Dim(0))), null, KernelOutputs.Both, kernelOptions);
        Stage("warm-up", stopwatch, "engine start and kernel compilation on a 2×2 kernel");

        var trainTrain = network.KernelFn(xTrain, null, KernelOutputs.Both, kernelOptions);
        Stage("k_train", stopwatch, $"NNGP and NTK, {xTrain.Dim(0)}×{xTrain.Dim(0)}");
        var testTrain = network.KernelFn(xTest, xTrain, KernelOutputs.Both, kernelOptions);
        Stage("k_test", stopwatch, $"NNGP and NTK, {xTest.Dim(0)}×{xTrain.Dim(0)}");

        var gp = Predict.GpInference(trainTrain, yTrain, options.DiagReg);
        var nngp = gp.Nngp(testTrain).Mean;
        Stage("nngp", stopwatch, $"Cholesky of K + λI (λ = {gp.NngpRegularizer:G4}), solve, K_td·α");
        var ntk = gp.Ntk(testTrain).Mean;
        Stage("ntk", stopwatch, $"Cholesky of Θ + λI (λ = {gp.NtkRegularizer:G4}), solve, Θ_td·α");

        Console.WriteLine($"accuracy:    NNGP {Accuracy(nngp, data.Test.Labels):F4}   NTK {Accuracy(ntk, data.Test.Labels):F4}   ({xTest.Dim(0)} test images)");
    }

    private static double Accuracy<T>(Tensor<T> predictions, byte[] labels) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int classes = predictions.Dim(1), correct = 0;
        for (int i = 0; i < predictions.Dim(0); i++)
        {
            var row = predictions.Data.AsSpan(i * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++)
                if (row[c] > row[best]) best = c;
            if (best == labels[i]) correct++;
        }
        return (double)correct / predictions.Dim(0);
    }

    private static void Stage(string name, Stopwatch stopwatch, string what)
    {
        Console.WriteLine($"{name + ":",-12} {stopwatch.Elapsed.TotalSeconds,8:F3} s  {what}");
        stopwatch.Restart();
    }
}
