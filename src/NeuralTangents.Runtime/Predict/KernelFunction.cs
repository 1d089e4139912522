using System.Numerics;

namespace NeuralTangents;

/// <summary>
/// A kernel function in Neural Tangents' sense: the kernels of x1 against x2 (x1 against itself when
/// <paramref name="x2"/> is null) for the requested outputs. <see cref="ILayer.KernelFn{T}"/> is one; a Monte
/// Carlo or empirical kernel function fits as well.
/// </summary>
/// <typeparam name="T">The precision.</typeparam>
public delegate Kernel<T> KernelFunction<T>(Tensor<T> x1, Tensor<T>? x2, KernelOutputs get) where T : unmanaged, IFloatingPointIeee754<T>;
