using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Spatial;

internal sealed partial class ConvLocal
{
    /// <summary>Strided sampling at the window's centre, as Conv.</summary>
    internal override bool[][] MaskForward(bool[][] masks, BranchSignature[] input, BranchSignature[] output, int items) =>
        _shared.MaskForward(masks, input, output, items);
}
