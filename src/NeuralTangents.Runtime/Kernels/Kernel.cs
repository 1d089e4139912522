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

    /// <summary>
    /// The NNGP kernel, for a kernel computed with <see cref="KernelOutputs.Nngp"/> (or <see cref="KernelOutputs.Both"/>):
    /// <c>network.KernelFn(x1, x2, KernelOutputs.Nngp).RequireNngp()</c> is the matrix Neural Tangents'
    /// <c>kernel_fn(x1, x2, 'nngp')</c> returns.
    /// </summary>
    /// <exception cref="InvalidOperationException">The kernel was computed without the NNGP.</exception>
    public Tensor<T> RequireNngp() => Nngp ?? throw NotComputed("nngp", KernelOutputs.Nngp);

    /// <summary>
    /// The neural tangent kernel, for a kernel computed with <see cref="KernelOutputs.Ntk"/> (or <see cref="KernelOutputs.Both"/>):
    /// <c>network.KernelFn(x1, x2, KernelOutputs.Ntk).RequireNtk()</c> is the matrix Neural Tangents'
    /// <c>kernel_fn(x1, x2, 'ntk')</c> returns.
    /// </summary>
    /// <exception cref="InvalidOperationException">The kernel was computed without the NTK.</exception>
    public Tensor<T> RequireNtk() => Ntk ?? throw NotComputed("ntk", KernelOutputs.Ntk);

    /// <summary>Which outputs the kernel holds and their shapes, e.g. <c>Kernel&lt;Single&gt;(nngp (4, 2), ntk (4, 2), cov1 (4,), cov2 (2,); outputs (4, 1) × (2, 1))</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Nngp is not null) parts.Add("nngp " + Nngp.ShapeText);
        if (Ntk is not null) parts.Add("ntk " + Ntk.ShapeText);
        parts.Add("cov1 " + Cov1.ShapeText);
        parts.Add(Cov2 is null ? "cov2 = cov1" : "cov2 " + Cov2.ShapeText);
        var flags = new List<string> { $"outputs {Rules.Shapes.Format(Shape1)} × {Rules.Shapes.Format(Shape2)}" };
        if (X1IsX2) flags.Add("x2 = x1");
        if (IsGaussian) flags.Add("Gaussian");
        if (DiagonalSpatial) flags.Add("diagonal spatial");
        return $"Kernel<{typeof(T).Name}>({string.Join(", ", parts)}; {string.Join(", ", flags)})";
    }

    private static InvalidOperationException NotComputed(string output, KernelOutputs get) =>
        new($"The kernel holds no {output}: it was computed without it. Pass get: KernelOutputs.{get} (or KernelOutputs.Both) to KernelFn.");
}
