using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Branching;

internal sealed partial class FanOut
{
    /// <summary>Every copy keeps the input's masks.</summary>
    internal override bool[][] MaskForward(bool[][] masks, BranchSignature[] input, BranchSignature[] output, int items) =>
        output.Select(_ => masks[0]).ToArray();
}
