using System;
using System.Globalization;
using System.Linq;

namespace NeuralTangents.Rules;

/// <summary>
/// Shape rules of Aggregate (graph message passing over spatial axes): activations are (batch, spatial…, channels)
/// and the aggregated axes are some or all of the spatial ones.
/// </summary>
internal static class GraphRules
{
    /// <summary>The layer's name: "Aggregate" over all spatial axes, "Aggregate(axes: {1, 2})" over some.</summary>
    public static string Name(int[]? aggregateAxes) =>
        aggregateAxes is null ? "Aggregate" : "Aggregate(axes: {" + string.Join(", ", aggregateAxes.Select(a => a.ToString(CultureInfo.InvariantCulture))) + "})";

    /// <summary>Checks the aggregated axes on their own (the factory's check): non-empty, positive, distinct.</summary>
    public static RuleResult? AggregateAxes(string layer, int[]? aggregateAxes)
    {
        if (aggregateAxes is null) return null;
        if (aggregateAxes.Length == 0)
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "aggregateAxes",
                $"{layer}: aggregateAxes must name at least one spatial axis (or be null for all of them), got none.");
        foreach (int axis in aggregateAxes)
            if (axis < 1)
                return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "aggregateAxes",
                    $"{layer}: aggregateAxes are spatial axes of (batch, spatial…, channels), numbered from 1; got {axis}.");
        if (aggregateAxes.Distinct().Count() != aggregateAxes.Length)
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "aggregateAxes", $"{layer}: aggregateAxes must be distinct, got {Shapes.Format(aggregateAxes)}.");
        return null;
    }

    /// <summary>Aggregate: the input must have spatial axes, and the aggregated ones must be among them; the shape is kept.</summary>
    public static RuleResult Aggregate(string layer, BranchSignature[] input, int[]? aggregateAxes)
    {
        if (LayerRules.SingleBranch(layer, input) is { } branchError) return branchError;
        if (AggregateAxes(layer, aggregateAxes) is { } axesError) return axesError;
        var x = input[0];
        if (x.Shape.Length < 3)
            return RuleResult.Invalid(RuleIds.ShapeMismatch, "input",
                $"{layer} passes messages between positions of spatial axes (the graph's vertices), so it expects an input of rank at least 3 (batch, spatial…, channels), got shape {x.ShapeText}.");
        if (aggregateAxes is not null)
            foreach (int axis in aggregateAxes)
                if (axis > x.Shape.Length - 2)
                    return RuleResult.Invalid(RuleIds.ShapeMismatch, "aggregateAxes",
                        $"{layer} aggregates axis {axis}, but its input of shape {x.ShapeText} has spatial axes 1 to {x.Shape.Length - 2} only.");
        return RuleResult.Valid(x);
    }
}
