using NeuralTangents.Layers.Masking;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Branching;

internal sealed partial class FanInSum
{
    /// <summary>A position of the sum is masked only where every branch is masked (Neural Tangents' AND of the masks).</summary>
    internal override bool[][] MaskForward(bool[][] masks, BranchSignature[] input, BranchSignature[] output, int items) =>
        new[] { PositionMasks.And(masks) };
}
