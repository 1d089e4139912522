using System.Numerics;

namespace NeuralTangents;

/// <summary>The empirical kernels of a finite network (Neural Tangents' <c>EmpiricalKernel</c>).</summary>
public sealed record EmpiricalKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>f(x1)·f(x2)ᵀ with the trace and diagonal axes applied; null when not requested.</summary>
    public Tensor<T>? Nngp { get; init; }

    /// <summary>J(x1)·J(x2)ᵀ (J = ∂f/∂θ) with the trace and diagonal axes applied; null when not requested.</summary>
    public Tensor<T>? Ntk { get; init; }
}
