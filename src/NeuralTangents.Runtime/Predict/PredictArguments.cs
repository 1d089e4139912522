using System.Numerics;
using NeuralTangents.Validation;

namespace NeuralTangents.Predicting;

/// <summary>Validation shared by the predictors; each message names the argument, the shape seen and the shape expected.</summary>
internal static class PredictArguments
{
    /// <summary>Targets must be (n) or (n, k) with finite values; returns k (1 for a vector).</summary>
    public static int Outputs<T>(Tensor<T> yTrain) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(yTrain);
        if (yTrain.Rank is not (1 or 2))
            throw new ArgumentException($"yTrain must have shape (n) or (n, outputs), got {yTrain.ShapeText}.", nameof(yTrain));
        Guard.AllFinite(yTrain, nameof(yTrain));
        return yTrain.Rank == 1 ? 1 : yTrain.Dim(1);
    }

    /// <summary>Kernels of networks whose outputs keep spatial axes have those axes after N1 × N2; predictions need items × items.</summary>
    public static void NotSpatial<T>(Tensor<T> kernel, string argument) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (kernel.Rank > 2)
            throw new ArgumentException(SpatialMessage(argument, kernel.ShapeText), argument);
    }

    /// <summary>The message for a kernel with spatial axes where predictions need items × items.</summary>
    public static string SpatialMessage(string what, string shape) =>
        $"{what} has shape {shape}: it keeps the spatial axes of the network's outputs, and predictions need items × items kernels; " +
        "end the network with Flatten or a global pooling layer (and a Dense readout).";

    public static void SquareKernel<T>(Tensor<T> kernel, int n, string argument) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(kernel, argument);
        NotSpatial(kernel, argument);
        if (kernel.Rank != 2 || kernel.Dim(0) != n || kernel.Dim(1) != n)
            throw new ArgumentException($"{argument} must be the {n}×{n} train-train kernel (one row per target row), got shape {kernel.ShapeText}.", argument);
        Guard.AllFinite(kernel, argument);
    }

    /// <summary>A test-train kernel must be (m, n); returns m.</summary>
    public static int TestTrainKernel<T>(Tensor<T> kernel, int n, string argument) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(kernel, argument);
        NotSpatial(kernel, argument);
        if (kernel.Rank != 2 || kernel.Dim(1) != n)
            throw new ArgumentException($"{argument} must be a test-train kernel of shape (m, {n}), got {kernel.ShapeText}.", argument);
        Guard.AllFinite(kernel, argument);
        return kernel.Dim(0);
    }

    public static void TestTestKernel<T>(Tensor<T> kernel, int m, string argument) where T : unmanaged, IFloatingPointIeee754<T>
    {
        NotSpatial(kernel, argument);
        if (kernel.Rank != 2 || kernel.Dim(0) != m || kernel.Dim(1) != m)
            throw new ArgumentException($"{argument} must be the {m}×{m} test-test kernel matching the test-train kernel's {m} rows, got shape {kernel.ShapeText}.", argument);
        Guard.AllFinite(kernel, argument);
    }

    /// <summary>Outputs at t = 0 must have the targets' layout with <paramref name="rows"/> rows.</summary>
    public static void Outputs0<T>(Tensor<T>? outputs, int rows, int k, bool vector, string argument) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (outputs is null) return;
        bool fits = vector ? outputs.Rank == 1 && outputs.Dim(0) == rows : outputs.Rank == 2 && outputs.Dim(0) == rows && outputs.Dim(1) == k;
        if (!fits)
            throw new ArgumentException($"{argument} must have shape {(vector ? $"({rows})" : $"({rows}, {k})")} like the targets, got {outputs.ShapeText}.", argument);
        Guard.AllFinite(outputs, argument);
    }

    public static void LearningRate(double learningRate)
    {
        if (!(learningRate > 0) || !double.IsFinite(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite.");
    }

    public static void DiagReg(double diagReg)
    {
        if (!(diagReg >= 0) || !double.IsFinite(diagReg))
            throw new ArgumentOutOfRangeException(nameof(diagReg), diagReg, "The diagonal regularizer must be non-negative and finite.");
    }

    public static void Time(double t, string argument = "t")
    {
        if (!(t >= 0))
            throw new ArgumentOutOfRangeException(argument, t, "Training time must be non-negative (positive infinity means trained to convergence).");
    }

    /// <summary>Times must be non-negative; returns them as an array.</summary>
    public static double[] Times(IReadOnlyList<double> times)
    {
        ArgumentNullException.ThrowIfNull(times);
        if (times.Count == 0) throw new ArgumentException("At least one time is needed.", nameof(times));
        var result = times.ToArray();
        foreach (double t in result) Time(t, nameof(times));
        return result;
    }
}
