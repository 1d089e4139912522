using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Attention;

internal sealed partial class GlobalSelfAttention
{
    /// <summary>Attention must block masked keys (Neural Tangents' rule); that is not built, so masks are rejected.</summary>
    internal override bool[][] MaskForward(bool[][] masks, BranchSignature[] input, BranchSignature[] output, int items) => throw MasksNotSupported();
}
