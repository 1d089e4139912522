using NeuralTangents.Layers.Masking;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Spatial;

internal sealed partial class Pool
{
    /// <summary>Strided sampling at the window's centre, as Conv (the pooled values themselves are not mask-aware, as in Neural Tangents).</summary>
    internal override bool[][] MaskForward(bool[][] masks, BranchSignature[] input, BranchSignature[] output, int items) =>
        new[] { PositionMasks.Window(masks[0], items, input[0].Shape[1..^1], output[0].Shape[1..^1], Window, Strides, (SpatialPadding)Padding) };
}
