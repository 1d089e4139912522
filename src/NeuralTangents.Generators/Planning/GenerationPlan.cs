using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Validation;

namespace NeuralTangents.Generators.Planning;

/// <summary>
/// Everything the emitter needs for one model class, as values: the parsed model, what to emit, the validated
/// layer facts, whether the kernel is one fused chain, and the diagnostics to report.
/// </summary>
/// <param name="Model">The parsed declaration.</param>
/// <param name="Kind">What to emit.</param>
/// <param name="FallbackReason">Why the class uses the runtime path (null when specialized).</param>
/// <param name="Layers">Every node of the layer tree with its shapes and parameter counts (specialized plans).</param>
/// <param name="Fused">Whether <c>KernelFn</c> runs the generated fused chain (false: the interpreted runtime path).</param>
/// <param name="Diagnostics">Parse diagnostics and rule violations, in order.</param>
/// <param name="KernelOnlyViolation">Whether the rule violation in <paramref name="Diagnostics"/> concerns only the kernel (reported as a warning).</param>
internal sealed record GenerationPlan(
    ArchitectureModel Model,
    PlanKind Kind,
    string? FallbackReason,
    EquatableArray<LayerFacts> Layers,
    bool Fused,
    EquatableArray<DiagnosticInfo> Diagnostics,
    bool KernelOnlyViolation);
