using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.Operations;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Parsing;
using NeuralTangents.Architecture.Validation;
using NeuralTangents.Rules;

namespace NeuralTangents.Analyzers.Analysis;

/// <summary>
/// The checks the runtime's <c>Stax</c> factories make when a layer is built, applied to one call with constant
/// arguments. Every verdict comes from the shared rules, so the diagnostic reads as the run-time exception.
/// </summary>
internal static class HyperparameterChecks
{
    /// <summary>A spatial size large enough that no window check fails on it: only the hyperparameters are judged.</summary>
    private const int AnySize = 1 << 20;

    /// <summary>The first broken rule of the call, or null (also when an argument is not constant).</summary>
    public static RuleViolation? Check(IInvocationOperation invocation)
    {
        string method = invocation.TargetMethod.Name;
        switch (method)
        {
            case "Conv":
            case "AvgPool":
            case "SumPool":
                return Spatial(method, StaxCallReader.Arguments(invocation));
            case "LayerNorm":
                return StaxCallReader.Arguments(invocation) is { } norm && norm.TryGetValue("epsilon", out var epsilon) && Number(epsilon) is double eps
                    ? NormalizationRules.LayerNorm("LayerNorm", new[] { Dummy(2) }, eps, forKernel: false).Violation
                    : null;
            case "ElementwiseNumerical":
                foreach (var argument in invocation.Arguments)
                    if (argument.Parameter?.Name == "degree" && argument.Value.ConstantValue is { HasValue: true, Value: int degree })
                        return ActivationRules.Quadrature(LayerNames.ElementwiseNumerical(degree), degree)?.Violation;
                return null;
            case "Elementwise":
                foreach (var argument in invocation.Arguments)
                    if (argument.Parameter?.Name == "nngp" && StaxCallReader.Unwrap(argument.Value).ConstantValue is { HasValue: true, Value: null })
                        return new RuleViolation(RuleIds.NoInfiniteWidthLimit, "nngp",
                            "Stax.Elementwise is given no NNGP dual (nngp: null), so the layer has no infinite-width kernel; pass the dual, or use Stax.ElementwiseNumerical(fn, degree) to integrate fn by Gauss–Hermite quadrature.");
                return null;
        }
        return StaxCallReader.Read(invocation) is { } node ? Construction(node) : null;
    }

    /// <summary>The construction rule of one node (not its children: their own calls are checked where they are written).</summary>
    private static RuleViolation? Construction(LayerNode node) => node switch
    {
        SerialNode { Layers.Count: 0 } or ParallelNode { Layers.Count: 0 } =>
            new RuleViolation(RuleIds.InvalidHyperparameter, "layers", $"{NodeNames.Of(node)} needs at least one layer."),
        RepeatNode { Count: < 1 } repeat => new RuleViolation(RuleIds.InvalidHyperparameter, "count", $"Repeat needs at least one copy, got {repeat.Count}."),
        // Every leaf (Dense, nonlinearities, FanOut, ConvLocal, Dropout …): the check its factory makes, from the validator's rule.
        _ => LeafRules.For(node)?.Construction(),
    };

    private static RuleViolation? Spatial(string method, Dictionary<string, object?>? arguments)
    {
        if (arguments is null) return null;
        var window = Ints(arguments.TryGetValue(method == "Conv" ? "filter" : "window", out var w) ? w : null);
        if (window is null) return null;
        var strides = arguments.TryGetValue("strides", out var s) && s is not null ? Ints(s) : Enumerable.Repeat(1, window.Length).ToArray();
        if (strides is null || !arguments.TryGetValue("padding", out var p) || p is not EnumValue padding) return null;
        var input = new[] { Dummy(window.Length is >= 1 and <= 3 ? window.Length + 2 : 3) };
        if (method != "Conv") return SpatialRules.Pool(method, input, window, strides, (SpatialPadding)padding.Value).Violation;
        if (Number(arguments["outChannels"]) is not double outChannels || Number(arguments["wStd"]) is not double wStd
            || Number(arguments["widthScaleIn"]) is not double scaleIn || Number(arguments["widthScaleOut"]) is not double scaleOut) return null;
        double? bStd = arguments["bStd"] is null ? null : Number(arguments["bStd"]);
        return SpatialRules.Conv("Conv", input, (int)outChannels, window, strides, (SpatialPadding)padding.Value, wStd, bStd, (int)scaleIn, (int)scaleOut).Violation;
    }

    private static BranchSignature Dummy(int rank)
    {
        var shape = Enumerable.Repeat(AnySize, rank).ToArray();
        shape[0] = -1;
        shape[rank - 1] = 1;
        return new BranchSignature(shape, isGaussian: true);
    }

    private static int[]? Ints(object? value)
    {
        if (value is not IReadOnlyList<object?> items) return null;
        var result = new int[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is not int item) return null;
            result[i] = item;
        }
        return result;
    }

    private static double? Number(object? value) => value switch
    {
        double d => d,
        int i => i,
        long l => l,
        _ => null,
    };
}
