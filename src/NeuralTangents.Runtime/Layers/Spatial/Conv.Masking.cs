using NeuralTangents.Layers.Masking;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Spatial;

internal sealed partial class Conv
{
    /// <summary>Strided sampling at the window's centre (<see cref="PositionMasks.Window"/>); ConvTranspose rejects masks.</summary>
    internal override bool[][] MaskForward(bool[][] masks, BranchSignature[] input, BranchSignature[] output, int items)
    {
        if (Transposed) throw MasksNotSupported();
        return new[] { PositionMasks.Window(masks[0], items, input[0].Shape[1..^1], output[0].Shape[1..^1], Filter, Strides, (SpatialPadding)Padding) };
    }
}
