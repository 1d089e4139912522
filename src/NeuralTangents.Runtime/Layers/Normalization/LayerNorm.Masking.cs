using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Normalization;

internal sealed partial class LayerNorm
{
    /// <summary>
    /// Over channels the masks pass through (a masked position normalizes zeros to zero); over spatial axes the means
    /// would have to skip masked positions, which this version does not do.
    /// </summary>
    internal override bool[][] MaskForward(bool[][] masks, BranchSignature[] input, BranchSignature[] output, int items)
    {
        if (Axes is not null && Axes.Any(a => a != -1 && a != input[0].Shape.Length - 1)) throw MasksNotSupported();
        return base.MaskForward(masks, input, output, items);
    }
}
