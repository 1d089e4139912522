using System.Numerics;
using NeuralTangents;
using NeuralTangents.Samples.Data;

namespace FashionMnistRegression;

/// <summary>
/// The sample's computation, apart from its printing: preprocessing, the train-train and test-train kernels, and
/// exact NNGP and NTK regression (<see cref="Predict.GpInference{T}"/> at t = ∞, regularizer
/// λ = diagReg·trace(K)/n for each kernel). Each stage ends with a call to <c>stage(name, what)</c>, which the
/// sample uses to print its time.
/// </summary>
internal static class KernelRegression
{
    /// <summary>Regresses the one-hot targets of <paramref name="data"/>'s training images and predicts its test images.</summary>
    /// <param name="network">The network and its input layout.</param>
    /// <param name="data">Training and test images with labels.</param>
    /// <param name="diagReg">The regularizer relative to the mean diagonal entry of each train-train kernel.</param>
    /// <param name="options">Kernel options (memory budget).</param>
    /// <param name="stage">Called after each stage with its name and a description.</param>
    public static RegressionResult<T> Fit<T>(RegressionNetwork network, FashionMnistData data, double diagReg, KernelOptions options, Action<string, string> stage)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layer = network.Layer;
        var xTrain = network.Inputs<T>(data.Train);
        var xTest = network.Inputs<T>(data.Test);
        var yTrain = Preprocessing.Targets<T>(data.Train);
        stage("preprocess", $"x_train {xTrain.ShapeText}, x_test {xTest.ShapeText}, y_train {yTrain.ShapeText}, {typeof(T).Name}");

        // The first computation starts the engine and compiles what it needs; timing it apart keeps the kernel stages honest.
        layer.KernelFn(xTrain.SliceRows(0, Math.Min(2, xTrain.Dim(0))), null, KernelOutputs.Both, options);
        stage("warm-up", "engine start and kernel compilation on a 2×2 kernel");

        var trainTrain = layer.KernelFn(xTrain, null, KernelOutputs.Both, options);
        stage("k_train", $"NNGP and NTK, {xTrain.Dim(0)}×{xTrain.Dim(0)}");
        var testTrain = layer.KernelFn(xTest, xTrain, KernelOutputs.Both, options);
        stage("k_test", $"NNGP and NTK, {xTest.Dim(0)}×{xTrain.Dim(0)}");

        var gp = Predict.GpInference(trainTrain, yTrain, diagReg);
        var nngp = gp.Nngp(testTrain).Mean;
        stage("nngp", $"Cholesky of K + λI (λ = {gp.NngpRegularizer:G4}), solve, K_td·α");
        var ntk = gp.Ntk(testTrain).Mean;
        stage("ntk", $"Cholesky of Θ + λI (λ = {gp.NtkRegularizer:G4}), solve, Θ_td·α");
        return new RegressionResult<T>(trainTrain, testTrain, gp.NngpRegularizer, gp.NtkRegularizer, nngp, ntk);
    }
}
