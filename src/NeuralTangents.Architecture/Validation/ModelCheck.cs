using System.Linq;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Parsing;

namespace NeuralTangents.Architecture.Validation;

/// <summary>
/// A parsed <c>[Network]</c> declaration checked against its input shape: its parse diagnostics and the first broken
/// rule, in the form the analyzer reports them. The generator plans from the same check, so both read one decision of
/// which diagnostics a declaration has and whether its layer tree was validated at all.
/// </summary>
/// <param name="Diagnostics">
/// The parse diagnostics, then the rule violation, in order. The violation is located at the attribute or call of the
/// layer that breaks the rule (the <c>[Network]</c> attribute for the network's input or output), with the layer whose
/// output it receives and the <c>[Block]</c> calls that inlined it as additional locations.
/// </param>
/// <param name="Validation">The validator's result, or null when the declaration is unusable or could not be evaluated (no layer tree).</param>
/// <param name="KernelOnlyViolation">
/// Whether the rule violation concerns only the kernel: the finite network is valid, so <c>Init</c> and <c>Apply</c> are
/// generated, but <c>KernelFn</c> throws the same error (an error too, as in ordinary code).
/// </param>
internal sealed record ModelCheck(EquatableArray<DiagnosticInfo> Diagnostics, ValidationResult? Validation, bool KernelOnlyViolation)
{
    /// <summary>Checks <paramref name="model"/>: a model with a declaration error, or without a layer tree, is not validated.</summary>
    public static ModelCheck Of(ArchitectureModel model)
    {
        var diagnostics = model.Diagnostics;
        if (model.Root is null || diagnostics.Any(d => d.Id is DiagnosticIds.InvalidDeclaration or DiagnosticIds.GeneratorFailure))
            return new ModelCheck(diagnostics, null, false);
        var validation = ArchitectureValidator.Validate(model.Root, model.InputShape.ToArray());
        if (validation.Violation is not { } violation) return new ModelCheck(diagnostics, validation, false);
        string path = validation.ViolationPath;
        var all = diagnostics.Concat(new[]
        {
            new DiagnosticInfo(violation.Id, SourceMap.Primary(model, path), EquatableArray.Of(violation.Message), SourceMap.Involved(model, path)),
        }).ToEquatableArray();
        return new ModelCheck(all, validation, validation.KernelOnly);
    }
}
