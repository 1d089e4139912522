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
/// <param name="FusedFrom">
/// Where <c>KernelFn</c>'s fused chain starts: -1 for none (the interpreted runtime path), 0 for the whole network,
/// k &gt; 0 for the root Serial's layers k… after an interpreted head of layers 0…k−1 (spatial layers, layers
/// without a fused form) that ends in items × channels kernels.
/// </param>
/// <param name="Memory">The kernel engine's covariance form and memory plan, when every rule holds.</param>
/// <param name="Diagnostics">Parse diagnostics and rule violations, in order (the analyzer reports them; the generator reports only NT0102).</param>
internal sealed record GenerationPlan(
    ArchitectureModel Model,
    PlanKind Kind,
    string? FallbackReason,
    EquatableArray<LayerFacts> Layers,
    int FusedFrom,
    EquatableArray<DiagnosticInfo> Diagnostics,
    KernelMemory? Memory = null)
{
    /// <summary>Whether <c>KernelFn</c> runs a generated fused chain (over the whole network or its tail).</summary>
    public bool Fused => FusedFrom >= 0;

    /// <summary>Whether the fused chain is the tail after an interpreted head.</summary>
    public bool Split => FusedFrom > 0;
}
