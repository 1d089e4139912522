using System.Numerics;
using NeuralTangents;

namespace FashionMnistRegression;

/// <summary>What <see cref="KernelRegression.Fit{T}"/> computed: both kernels, the regularizers and the test predictions.</summary>
/// <param name="TrainTrain">NNGP and NTK of the training images against themselves (n × n).</param>
/// <param name="TestTrain">NNGP and NTK of the test images against the training images (m × n).</param>
/// <param name="NngpRegularizer">The absolute λ added to the NNGP train-train diagonal.</param>
/// <param name="NtkRegularizer">The absolute λ added to the NTK train-train diagonal.</param>
/// <param name="NngpMean">The NNGP posterior mean on the test images (m × classes).</param>
/// <param name="NtkMean">The NTK posterior mean on the test images (m × classes).</param>
internal sealed record RegressionResult<T>(
    Kernel<T> TrainTrain, Kernel<T> TestTrain, double NngpRegularizer, double NtkRegularizer, Tensor<T> NngpMean, Tensor<T> NtkMean)
    where T : unmanaged, IFloatingPointIeee754<T>;
