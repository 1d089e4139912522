using NeuralTangents.Layers.Masking;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Branching;

internal sealed partial class FanInConcat
{
    /// <summary>Along channels: a position is masked only where every branch masks it (its channels are then all masked).</summary>
    internal override bool[][] MaskForward(bool[][] masks, BranchSignature[] input, BranchSignature[] output, int items) =>
        new[] { PositionMasks.And(masks) };
}
