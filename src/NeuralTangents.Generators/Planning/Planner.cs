using System.Linq;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Parsing;
using NeuralTangents.Architecture.Validation;
using NeuralTangents.Generators.Emit;

namespace NeuralTangents.Generators.Planning;

/// <summary>
/// Decides what to emit for a parsed model: checks the layer tree with the shared rules and plans the fused
/// kernels. Today every layer the model knows is pointwise on fully-connected activations, so a valid network
/// is one fused chain; spatial layers will split it into several (each fusing the pointwise layers that follow it).
/// </summary>
internal static class Planner
{
    /// <summary>The plan for <paramref name="model"/>.</summary>
    public static GenerationPlan Plan(ArchitectureModel model)
    {
        var diagnostics = model.Diagnostics;
        if (diagnostics.Any(d => d.Id is DiagnosticIds.InvalidDeclaration or DiagnosticIds.GeneratorFailure))
            return new GenerationPlan(model, PlanKind.Nothing, null, EquatableArray<LayerFacts>.Empty, false, diagnostics, false);
        if (model.Root is null)
        {
            string reason = diagnostics.FirstOrDefault(d => d.Id == DiagnosticIds.NotEvaluable) is { } notEvaluable
                ? $"'{notEvaluable.Arguments[0]}' cannot be evaluated at compile time: {notEvaluable.Arguments[1]}"
                : "the declaration could not be read at compile time";
            var kind = model.Form == DeclarationForm.Fluent ? PlanKind.RuntimeFallback : PlanKind.Nothing;
            return new GenerationPlan(model, kind, reason, EquatableArray<LayerFacts>.Empty, false, diagnostics, false);
        }

        var validation = ArchitectureValidator.Validate(model.Root, model.InputShape.ToArray());
        if (validation.Violation is { } violation)
        {
            var all = diagnostics.Concat(new[] { new DiagnosticInfo(violation.Id, model.Location, EquatableArray.Of(violation.Message)) }).ToEquatableArray();
            if (!validation.KernelOnly)
                return new GenerationPlan(model, PlanKind.RuntimeFallback, violation.ToString(), EquatableArray<LayerFacts>.Empty, false, all, false);
            // The finite network is valid: Init and Apply are generated; KernelFn runs the runtime path, which throws the same error.
            return new GenerationPlan(model, PlanKind.Specialized, null, validation.Layers.ToEquatableArray(), false, all, true);
        }
        // One fused chain covers networks whose kernels have no spatial axes and whose every layer is pointwise.
        bool fused = validation.Memory?.InputForm == Rules.SpatialForm.None && FusedChainEmitter.Supports(model.Root);
        return new GenerationPlan(model, PlanKind.Specialized, null, validation.Layers.ToEquatableArray(), fused, diagnostics, false);
    }
}
