using NeuralTangents.Layers.Masking;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Linear;

internal sealed partial class Flatten
{
    /// <summary>
    /// An item stays masked only when all its positions are: the following Dense collapses the flattened features,
    /// and masked positions already enter them as zeros.
    /// </summary>
    internal override bool[][] MaskForward(bool[][] masks, BranchSignature[] input, BranchSignature[] output, int items) =>
        new[] { PositionMasks.All(masks[0], items) };
}
