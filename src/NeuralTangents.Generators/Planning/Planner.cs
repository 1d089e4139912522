using System.Linq;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Parsing;
using NeuralTangents.Architecture.Validation;
using NeuralTangents.Generators.Emit;

namespace NeuralTangents.Generators.Planning;

/// <summary>
/// Decides what to emit for a parsed model: checks the layer tree with the shared rules and plans the fused
/// kernel: one chain for a network of pointwise layers on fully-connected kernels, otherwise an interpreted head
/// (spatial layers and layers without a fused form) followed by one chain of the pointwise tail, or no chain.
/// </summary>
internal static class Planner
{
    /// <summary>The plan for <paramref name="model"/>.</summary>
    public static GenerationPlan Plan(ArchitectureModel model)
    {
        // The analyzer reports these diagnostics from the same check; the plan keeps them only to decide what to emit.
        var check = ModelCheck.Of(model);
        var diagnostics = check.Diagnostics;
        if (check.Validation is not { } validation)
        {
            if (model.Root is not null || diagnostics.Any(d => d.Id is DiagnosticIds.InvalidDeclaration or DiagnosticIds.GeneratorFailure))
                return new GenerationPlan(model, PlanKind.Nothing, null, EquatableArray<LayerFacts>.Empty, -1, diagnostics);
            string reason = diagnostics.FirstOrDefault(d => d.Id == DiagnosticIds.NotEvaluable) is { } notEvaluable
                ? $"'{notEvaluable.Arguments[0]}' cannot be evaluated at compile time: {notEvaluable.Arguments[1]}"
                : "the declaration could not be read at compile time";
            var kind = model.Form == DeclarationForm.Fluent ? PlanKind.RuntimeFallback : PlanKind.Nothing;
            return new GenerationPlan(model, kind, reason, EquatableArray<LayerFacts>.Empty, -1, diagnostics);
        }

        if (validation.Violation is { } violation)
        {
            if (!check.KernelOnlyViolation)
                return new GenerationPlan(model, PlanKind.RuntimeFallback, violation.ToString(), EquatableArray<LayerFacts>.Empty, -1, diagnostics);
            // The finite network is valid: Init and Apply are generated; KernelFn runs the runtime path, which throws the same error.
            return new GenerationPlan(model, PlanKind.Specialized, null, validation.Layers.ToEquatableArray(), -1, diagnostics);
        }
        return new GenerationPlan(model, PlanKind.Specialized, null, validation.Layers.ToEquatableArray(), FusedFrom(model.Root!, validation),
            diagnostics, validation.Memory);
    }

    /// <summary>
    /// Where the fused chain starts (see <see cref="GenerationPlan.FusedFrom"/>). One chain covers a network whose
    /// kernels have no spatial axes and whose every layer is pointwise. Otherwise the root Serial splits at the
    /// earliest layer from which every layer is pointwise and whose input kernels are items × channels of one branch
    /// (after Flatten or a global pool, or after layers without a fused form): the head before it runs interpreted
    /// (spatial layers are fusion boundaries), the tail as one chain.
    /// </summary>
    private static int FusedFrom(LayerNode root, ValidationResult validation)
    {
        if (validation.Memory is not { } memory) return -1;
        if (memory.InputForm == Rules.SpatialForm.None && FusedChainEmitter.Supports(root)) return 0;
        if (root is not SerialNode serial) return -1;
        int start = serial.Layers.Count;
        while (start > 0 && FusedChainEmitter.Supports(serial.Layers[start - 1])) start--;
        // Layer 0 sees the spatial input itself, so the tail starts at 1 at the earliest.
        for (int k = System.Math.Max(start, 1); k < serial.Layers.Count; k++)
        {
            // The kernel entering layer k, as the kernel rules gave it: the tail must start on one branch of items × channels.
            var before = validation.KernelStep(ArchitectureValidator.Child("", k - 1)).Result.Output!;
            if (before.Length == 1 && before[0].Shape.Length == 2) return k;
        }
        return -1;
    }
}
