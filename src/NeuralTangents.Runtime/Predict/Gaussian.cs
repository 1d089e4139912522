using System.Numerics;

namespace NeuralTangents;

/// <summary>
/// Mean and covariance of predicted outputs (Neural Tangents' <c>Gaussian</c>). <see cref="Mean"/> has the
/// layout of the targets, one row per predicted item; <see cref="Covariance"/> is items × items and shared by
/// every output column (the kernel acts as Θ ⊗ I on the output axis), null when it was not requested.
/// </summary>
/// <typeparam name="T">The precision of the kernels.</typeparam>
/// <param name="Mean">The mean, (m) or (m, outputs).</param>
/// <param name="Covariance">The m×m covariance, or null.</param>
public sealed record Gaussian<T>(Tensor<T> Mean, Tensor<T>? Covariance) where T : unmanaged, IFloatingPointIeee754<T>;
