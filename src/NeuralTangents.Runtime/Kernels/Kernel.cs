using System.Numerics;

namespace NeuralTangents;

/// <summary>
/// The infinite-width kernels of a network's outputs for inputs x1 (N1 items) and x2 (N2 items), in the
/// conventions of Neural Tangents' <c>Kernel</c>: <see cref="Nngp"/>[i, j] = E[f(x1ᵢ) f(x2ⱼ)] per output
/// channel, <see cref="Ntk"/>[i, j] the limit of Σ_θ ∂f(x1ᵢ)/∂θ · ∂f(x2ⱼ)/∂θ, and the variances
/// <see cref="Cov1"/>[i] = E[f(x1ᵢ)²], <see cref="Cov2"/>[j] = E[f(x2ⱼ)²].
/// </summary>
/// <typeparam name="T">The precision the kernel was computed in.</typeparam>
public sealed record Kernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The NNGP kernel, N1 × N2; null when not requested.</summary>
    public Tensor<T>? Nngp { get; init; }

    /// <summary>The neural tangent kernel, N1 × N2; null when not requested.</summary>
    public Tensor<T>? Ntk { get; init; }

    /// <summary>Variances of the outputs for x1 (diagonal batch: one per item, shape N1).</summary>
    public required Tensor<T> Cov1 { get; init; }

    /// <summary>Variances for x2 (shape N2); null when x2 was not given (x2 = x1), as in Neural Tangents.</summary>
    public Tensor<T>? Cov2 { get; init; }

    /// <summary>Whether the outputs are Gaussian pre-activations (true when the network ends with an affine layer).</summary>
    public bool IsGaussian { get; init; }

    /// <summary>Whether x2 was absent or equal to x1.</summary>
    public bool X1IsX2 { get; init; }

    /// <summary>Output shape of the finite network for x1 (batch axis first).</summary>
    public required int[] Shape1 { get; init; }

    /// <summary>Output shape of the finite network for x2.</summary>
    public required int[] Shape2 { get; init; }

    /// <summary>Whether <see cref="Cov1"/>/<see cref="Cov2"/> hold only same-item entries (always true in this version).</summary>
    public bool DiagonalBatch { get; init; } = true;

    /// <summary>Whether spatial axes are stored diagonal-only (no spatial axes remain after fully-connected layers).</summary>
    public bool DiagonalSpatial { get; init; }
}
