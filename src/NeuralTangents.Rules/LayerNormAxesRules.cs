using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NeuralTangents.Rules;

/// <summary>
/// LayerNorm over a set of axes (Neural Tangents' <c>LayerNorm(axis)</c>) on (batch, spatial…, channels)
/// activations: the axes must include the channel axis (the limit needs the channel average) and may add
/// spatial axes; the batch axis is not supported.
/// </summary>
internal static class LayerNormAxesRules
{
    /// <summary><c>LayerNorm(axis: [1, 2, -1], epsilon: 1e-12)</c>.</summary>
    public static string Name(int[] axes, double epsilon) =>
        "LayerNorm(axis: [" + string.Join(", ", axes.Select(a => a.ToString(CultureInfo.InvariantCulture))) + "], epsilon: "
        + epsilon.ToString("G6", CultureInfo.InvariantCulture) + ")";

    /// <summary>Checks what can be checked without a shape: at least one axis (range and repeats need the input rank).</summary>
    public static RuleResult? Axes(string layer, int[] axes)
    {
        if (axes.Length == 0)
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "axis", layer + ": axis must name at least the channel axis (-1).");
        return null;
    }

    /// <summary>
    /// The rule: LayerNorm's (same shape, needs a Gaussian input for the kernel) with the axes resolved against
    /// the input rank; <paramref name="spatialAxes"/> receives the normalized spatial axes as 0-based indices
    /// among the spatial axes.
    /// </summary>
    public static RuleResult LayerNorm(string layer, BranchSignature[] input, int[] axes, double epsilon, bool forKernel, out int[] spatialAxes)
    {
        spatialAxes = new int[0];
        var result = NormalizationRules.LayerNorm(layer, input, epsilon, forKernel);
        if (!result.IsValid) return result;
        int rank = input[0].Shape.Length;
        var resolved = new SortedSet<int>();
        bool channel = false;
        foreach (int axis in axes)
        {
            int a = axis < 0 ? axis + rank : axis;
            if (a < 0 || a >= rank)
                return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "axis",
                    layer + ": axis " + axis.ToString(CultureInfo.InvariantCulture) + " is out of range for an input of shape " + input[0].ShapeText + ".");
            if (a == 0)
                return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "axis",
                    layer + ": normalizing over the batch axis (0) is not supported; use the channel axis (-1) and spatial axes 1…" + (rank - 2).ToString(CultureInfo.InvariantCulture) + ".");
            if (a == rank - 1) channel = true;
            else if (!resolved.Add(a - 1))
                return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "axis", layer + ": axis " + axis.ToString(CultureInfo.InvariantCulture) + " is named twice.");
        }
        if (!channel)
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "axis",
                layer + ": axis must include the channel axis (-1 or " + (rank - 1).ToString(CultureInfo.InvariantCulture) + "); normalizing over channels is what makes the infinite-width kernel converge.");
        spatialAxes = resolved.ToArray();
        return result;
    }
}
