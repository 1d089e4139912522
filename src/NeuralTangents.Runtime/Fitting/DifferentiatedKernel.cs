using System.Numerics;

namespace NeuralTangents;

/// <summary>
/// A train-train kernel matrix and its derivatives with respect to some of the hyperparameters it depends on, as
/// returned by <see cref="IDifferentiableKernel{T}.Evaluate"/>.
/// </summary>
/// <typeparam name="T">The precision of the matrices.</typeparam>
/// <param name="Kernel">The n×n kernel K(θ) on the training items.</param>
/// <param name="Derivatives">∂K/∂θ_k (each n×n) for the requested hyperparameters, in the order requested.</param>
public sealed record DifferentiatedKernel<T>(Tensor<T> Kernel, IReadOnlyList<Tensor<T>> Derivatives)
    where T : unmanaged, IFloatingPointIeee754<T>;
