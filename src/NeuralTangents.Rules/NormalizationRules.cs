namespace NeuralTangents.Rules;

/// <summary>Shape and validity rules of the normalization layers.</summary>
internal static class NormalizationRules
{
    /// <summary>
    /// LayerNorm over the channel axis: same shape. Its kernel divides by the variances and does not track
    /// means, so it needs a Gaussian (zero-mean) input, where the channel mean vanishes in the limit. A Gaussian input
    /// stays Gaussian (in the limit the normalizer is a constant per item, as Neural Tangents keeps
    /// <c>is_gaussian</c>), so a nonlinearity may follow it (Dense → LayerNorm → Relu).
    /// </summary>
    public static RuleResult LayerNorm(string layer, BranchSignature[] input, double epsilon, bool forKernel)
    {
        if (LayerRules.SingleBranch(layer, input) is { } branchError) return branchError;
        if (LayerRules.NonNegativeFinite(layer, "epsilon", epsilon) is { } eps) return eps;
        var x = input[0];
        if (x.Shape.Length < 2)
            return RuleResult.Invalid(RuleIds.ShapeMismatch, "input", $"{layer} expects an input of rank at least 2 (batch, …, channels), got shape {x.ShapeText}.");
        if (forKernel && !x.IsGaussian)
            return RuleResult.Invalid(RuleIds.NonGaussianInput, "input",
                $"{layer} subtracts the channel mean, which the kernel does not track, so its infinite-width kernel needs a Gaussian (zero-mean) input; put a Dense or Conv layer before {layer}.");
        return RuleResult.Valid(x);
    }
}
