using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Spatial;

internal abstract partial class SpatialLinearMap
{
    /// <summary>DotGeneral, Index and ImageResize move or mix positions; their mask rules are not built, so masks are rejected.</summary>
    internal override bool[][] MaskForward(bool[][] masks, BranchSignature[] input, BranchSignature[] output, int items) => throw MasksNotSupported();
}
