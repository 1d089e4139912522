using Microsoft.CodeAnalysis.Operations;
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
    /// <summary>The first broken rule of the call, or null (also when an argument is not constant).</summary>
    public static RuleViolation? Check(IInvocationOperation invocation)
    {
        // Every factory the architecture model knows (Conv, the pools, LayerNorm …) is judged below by its leaf rule, the
        // check its constructor makes, so the message is the run-time exception's. Only the delegate-taking factories,
        // which the model cannot read, are checked here.
        switch (invocation.TargetMethod.Name)
        {
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
        return StaxCallReader.Read(invocation) is { } node ? ArchitectureValidator.OwnConstruction(node) : null;
    }
}
