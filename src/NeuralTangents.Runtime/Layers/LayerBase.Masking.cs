using System.Numerics;
using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Layers.Masking;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers;

/// <summary>
/// Masking of variable-length inputs (Neural Tangents' <c>mask_constant</c>). Masks are one flag per item and
/// position (<see cref="PositionMasks"/>). The finite network zeroes the masked positions of every layer's input,
/// as Neural Tangents' <c>apply_fn</c> does; the kernel zeroes every covariance entry with a masked position after
/// every layer, which is the kernel of those zeroed inputs (Neural Tangents remasks only after the layers whose maps
/// could make such entries nonzero; the results agree). Each layer maps the masks forward (<see cref="MaskForward"/>).
/// </summary>
internal abstract partial class LayerBase
{
    /// <summary>
    /// The masks of the output branches for the masks of the input branches (each [item · S + p] over that branch's
    /// positions). The default keeps the masks of a single branch whose positions stay the same (pointwise layers,
    /// Dense on channels, Aggregate, LayerNorm over channels); any other layer must say what it does, and without an
    /// override it rejects masks.
    /// </summary>
    /// <exception cref="NotSupportedException">The layer does not support masked inputs.</exception>
    internal virtual bool[][] MaskForward(bool[][] masks, BranchSignature[] input, BranchSignature[] output, int items)
    {
        if (input.Length == 1 && output.Length == 1 && input[0].Shape.Skip(1).Take(input[0].Shape.Length - 2)
                .SequenceEqual(output[0].Shape.Skip(1).Take(output[0].Shape.Length - 2)))
            return new[] { masks[0] };
        throw MasksNotSupported();
    }

    /// <summary>The exception of a layer that cannot take masked inputs (yet).</summary>
    internal NotSupportedException MasksNotSupported() =>
        new($"{Name} does not support masked inputs (mask constant) in this version; the layers that do are Dense, Conv, ConvLocal, " +
            "AvgPool, SumPool, GlobalAvgPool, GlobalSumPool, Flatten, LayerNorm over channels, Aggregate, Dropout, Identity, FanOut, FanInSum, " +
            "FanInConcat along channels and every nonlinearity.");

    /// <summary>
    /// The finite forward pass with masks: zeroes the masked positions of the inputs, runs <see cref="Forward{T}"/>, and
    /// maps the masks forward. Layers whose apply itself depends on the masks (the mask-aware mean of GlobalAvgPool)
    /// and combinators override it.
    /// </summary>
    internal virtual Tensor<T>[] ForwardMasked<T>(Parameters<T> parameters, Tensor<T>[] x, bool[][] masks, out object? residual, out bool[][] outputMasks)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var zeroed = x.Select((t, b) => PositionMasks.Zeroed(t, masks[b])).ToArray();
        var y = Forward(parameters, zeroed, out var inner);
        outputMasks = MaskForward(masks, Signatures(x), Signatures(y), x[0].Dim(0));
        residual = new MaskedResidual(inner, masks);
        return y;
    }

    /// <summary>The public Apply with a mask constant: masked forward pass, outputs zeroed where they stay masked.</summary>
    private Tensor<T> ApplyMasked<T>(Parameters<T> parameters, Tensor<T> x, GraphPattern? pattern, double constant) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Validation.Guard.MinRank(x, 3, nameof(x), "(batch, positions…, channels): masking needs spatial axes");
        var masks = PositionMasks.FromInputs(x, constant, out var zeroed);
        Validation.Guard.AllFinite(zeroed, nameof(x));
        var output = Infer(new[] { new BranchSignature(zeroed.Shape, isGaussian: false) }, forKernel: false);
        if (output.Length != 1)
            throw new NetworkDefinitionException(new RuleViolation(RuleIds.BranchCountMismatch, "network",
                $"{Name} ends with {output.Length} branches; a network must end with one (join them with a FanIn layer)."));
        using var scope = LayerArguments.Enter(new LayerArguments(pattern, null, null));
        var y = ForwardMasked(parameters, new[] { zeroed }, new[] { masks }, out _, out var outputMasks)[0];
        return PositionMasks.Zeroed(y, outputMasks[0]);
    }

    /// <summary><see cref="Backward{T}"/> for a residual of <see cref="Forward{T}"/> or <see cref="ForwardMasked{T}"/> (whose input zeroing it transposes).</summary>
    internal Tensor<T>[] BackwardAny<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (residual is not MaskedResidual masked) return Backward(parameters, residual, cotangent, context);
        var result = Backward(parameters, masked.Inner, cotangent, context);
        return result.Select((t, b) => PositionMasks.Zeroed(t, masked.Masks[b], context.Repeat)).ToArray();
    }

    /// <summary>
    /// The kernel rule with masks: maps the tiles' masks forward, runs <see cref="PropagateMasked{T}"/> and zeroes the
    /// entries of masked positions of the outputs. Without masks it is <see cref="Propagate{T}"/>. Combinators override
    /// it with their <see cref="Propagate{T}"/>, which passes the masks to their children.
    /// </summary>
    internal virtual KernelTile<T>[] PropagateWithMasks<T>(KernelTile<T>[] input, KernelEngine engine) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (input.All(t => t.Mask1 is null)) return Propagate(input, engine);
        var signatures = input.Select(t => t.Signature).ToArray();
        var output = Infer(signatures, forKernel: true);
        var masks1 = MaskForward(input.Select(t => t.Mask1!).ToArray(), signatures, output, input[0].Rows);
        var masks2 = MaskForward(input.Select(t => t.Mask2!).ToArray(), signatures, output, input[0].Cols);
        var result = PropagateMasked(input, engine);
        for (int b = 0; b < result.Length; b++)
        {
            MaskedTiles.Remask(result[b], masks1[b], masks2[b]);
            result[b].Mask1 = masks1[b];
            result[b].Mask2 = masks2[b];
        }
        return result;
    }

    /// <summary>The kernel rule on tiles whose inputs carry masks (<see cref="KernelTile{T}.Mask1"/>); the default ignores them.</summary>
    internal virtual KernelTile<T>[] PropagateMasked<T>(KernelTile<T>[] input, KernelEngine engine) where T : unmanaged, IFloatingPointIeee754<T> =>
        Propagate(input, engine);

    private static BranchSignature[] Signatures<T>(Tensor<T>[] x) where T : unmanaged, IFloatingPointIeee754<T> =>
        x.Select(t => new BranchSignature(t.Shape, isGaussian: false)).ToArray();

    /// <summary>What <see cref="ForwardMasked{T}"/> keeps for the backward pass: the layer's own residual and the input masks.</summary>
    private sealed record MaskedResidual(object? Inner, bool[][] Masks);
}
