using System.Linq;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Parsing;

namespace NeuralTangents.Architecture.Validation;

/// <summary>
/// A parsed <c>[Network]</c> declaration checked against its input shape: its parse diagnostics and the first broken
/// rule, in the form the analyzer reports them. The generator plans from the same check, so both read one decision of
/// which diagnostics a declaration has and whether its layer tree was validated at all.
/// </summary>
/// <param name="Diagnostics">The parse diagnostics, then the rule violation (at the class name), in order.</param>
/// <param name="Validation">The validator's result, or null when the declaration is unusable or could not be evaluated (no layer tree).</param>
/// <param name="KernelOnlyViolation">Whether the rule violation concerns only the kernel (the finite network is valid), so it is a warning.</param>
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
        var all = diagnostics.Concat(new[] { new DiagnosticInfo(violation.Id, model.Location, EquatableArray.Of(violation.Message)) }).ToEquatableArray();
        return new ModelCheck(all, validation, validation.KernelOnly);
    }
}
