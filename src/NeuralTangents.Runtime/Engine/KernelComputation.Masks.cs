using System.Numerics;
using NeuralTangents.Layers;

namespace NeuralTangents.Engine;

/// <summary>Input masks (KernelOptions.MaskConstant) and graph patterns (KernelOptions.Pattern1/Pattern2): checked once, then cut per tile.</summary>
internal static partial class KernelComputation
{
    /// <summary>
    /// With a mask constant: the position masks of x1 and x2 (x2's are x1's when x2 is null), and the inputs replaced
    /// by copies with the masked entries zeroed. Masks need spatial axes that reach the network.
    /// </summary>
    private static (bool[]? Mask1, bool[]? Mask2) InputMasks<T>(LayerBase network, ref Tensor<T> x1, ref Tensor<T>? x2, double? constant)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (constant is not double value) return (null, null);
        if (x1.Rank <= 2 || StartsWithFlatten(network))
            throw new NotSupportedException(
                $"Masking (KernelOptions.MaskConstant) needs inputs with spatial axes (batch, positions…, channels) that reach the network; got x1 of shape {x1.ShapeText}{(StartsWithFlatten(network) ? " into a network that starts with Flatten" : string.Empty)}.");
        return InputMaskPair.FromInputs(ref x1, ref x2, value);
    }

    /// <summary>The masks of a tile's rows and columns (each item's S flags), or null without masks.</summary>
    private static (bool[] Rows, bool[] Cols)? TileMasks(bool[]? mask1, bool[]? mask2, int n1, int n2, int r0, int rows, int c0, int cols)
    {
        if (mask1 is null || mask2 is null) return null;
        int s = mask1.Length / n1;
        return (mask1.AsSpan(r0 * s, rows * s).ToArray(), mask2.AsSpan(c0 * s, cols * s).ToArray());
    }

    /// <summary>The graph patterns of both sides (both or neither; x1's serve x2 when x2 is null), checked against the item counts.</summary>
    private static (GraphPattern? First, GraphPattern? Second) Patterns(KernelOptions options, bool selfKernel, int n1, int n2) =>
        GraphPatternPair.Resolve(options.Pattern1, options.Pattern2, selfKernel, n1, n2, GraphPatternPair.Names.KernelOptions);
}
