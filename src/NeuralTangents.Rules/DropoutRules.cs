using System.Globalization;

namespace NeuralTangents.Rules;

/// <summary>Shape and validity rules of Dropout.</summary>
internal static class DropoutRules
{
    /// <summary><c>Dropout(keep: 0.9, train)</c> or <c>Dropout(keep: 0.9, test)</c>.</summary>
    public static string Name(double keepRate, bool train) =>
        "Dropout(keep: " + keepRate.ToString("G6", CultureInfo.InvariantCulture) + ", " + (train ? "train" : "test") + ")";

    /// <summary>
    /// Dropout keeps every unit with probability <paramref name="keepRate"/> (Neural Tangents' <c>rate</c>, a keep
    /// rate in (0, 1]) and scales kept units by 1/keep: same shape. In test mode it is the identity (Gaussian
    /// inputs stay Gaussian); in train mode the masks make the output non-Gaussian.
    /// </summary>
    public static RuleResult Dropout(string layer, BranchSignature[] input, double keepRate, bool train)
    {
        if (LayerRules.SingleBranch(layer, input) is { } branchError) return branchError;
        if (!(keepRate > 0 && keepRate <= 1))
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "rate",
                layer + ": rate is the keep probability and must lie in (0, 1] (1 keeps every unit), got " + keepRate.ToString("G6", CultureInfo.InvariantCulture) + ".");
        var x = input[0];
        if (x.Shape.Length < 2)
            return RuleResult.Invalid(RuleIds.ShapeMismatch, "input", layer + " expects an input of rank at least 2 (batch, …), got shape " + x.ShapeText + ".");
        return RuleResult.Valid(train ? x.WithGaussian(false) : x);
    }
}
