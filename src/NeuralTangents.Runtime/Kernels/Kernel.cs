using System.Numerics;

namespace NeuralTangents;

/// <summary>
/// The infinite-width kernels of a network's outputs for inputs x1 (N1 items) and x2 (N2 items), in the
/// conventions of Neural Tangents' <c>Kernel</c>: <see cref="Nngp"/>[i, j] = E[f(x1ᵢ) f(x2ⱼ)] per output
/// channel, <see cref="Ntk"/>[i, j] the limit of Σ_θ ∂f(x1ᵢ)/∂θ · ∂f(x2ⱼ)/∂θ, and the variances
/// <see cref="Cov1"/>[i] = E[f(x1ᵢ)²], <see cref="Cov2"/>[j] = E[f(x2ⱼ)²].
/// </summary>
/// <remarks>
/// <para><b>Spatial outputs.</b> When the network's outputs keep spatial axes (batch, H, W, …, channels) the
/// kernels keep them too, per pair of positions: in the full form (<see cref="DiagonalSpatial"/> false, the
/// default) <see cref="Nngp"/>[i, j, h, h', w, w', …] = E[f(x1ᵢ)(h, w) f(x2ⱼ)(h', w')] with the two copies of
/// each spatial axis adjacent, as Neural Tangents returns them (always in canonical order: Neural Tangents may
/// reverse the order of the pairs after an odd number of convolutions); in the diagonal form
/// (<see cref="KernelOptions.DiagonalSpatial"/>) only h = h', w = w', shape (N1, N2, H, W, …). The variances
/// keep the same spatial axes: (N1, H, H', W, W', …) or (N1, H, W, …). <see cref="Predict"/> needs items × items
/// kernels; end the network with Flatten or a global pooling layer for it.</para>
/// </remarks>
/// <typeparam name="T">The precision the kernel was computed in.</typeparam>
public sealed record Kernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The NNGP kernel, N1 × N2 (with spatial axes after them for spatial outputs); null when not requested.</summary>
    public Tensor<T>? Nngp { get; init; }

    /// <summary>The neural tangent kernel, shaped like <see cref="Nngp"/>; null when not requested.</summary>
    public Tensor<T>? Ntk { get; init; }

    /// <summary>Variances of the outputs for x1 (diagonal batch: one per item, shape N1, followed by the spatial axes for spatial outputs).</summary>
    public required Tensor<T> Cov1 { get; init; }

    /// <summary>Variances for x2 (shape N2, with spatial axes like <see cref="Cov1"/>); null when x2 was not given (x2 = x1), as in Neural Tangents.</summary>
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

    /// <summary>Whether the spatial axes of spatial outputs are stored diagonal-only (one axis per spatial axis) rather than as pairs; false when the outputs have no spatial axes.</summary>
    public bool DiagonalSpatial { get; init; }
}
