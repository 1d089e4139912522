using System.Collections.Generic;
using NeuralTangents.Rules;

namespace NeuralTangents.Architecture.Validation;

/// <summary>The outcome of checking a layer tree against the shared rules.</summary>
internal sealed class ValidationResult
{
    public ValidationResult(RuleViolation? violation, bool kernelOnly, IReadOnlyList<LayerFacts> layers, BranchSignature[]? output, KernelMemory? memory = null)
    {
        Memory = memory;
        Violation = violation;
        KernelOnly = kernelOnly;
        Layers = layers;
        Output = output;
    }

    /// <summary>The first broken rule, or null.</summary>
    public RuleViolation? Violation { get; }

    /// <summary>Whether the broken rule concerns only the infinite-width kernel (the finite network is valid).</summary>
    public bool KernelOnly { get; }

    /// <summary>Every node of the tree, depth-first (complete when the finite rules hold).</summary>
    public IReadOnlyList<LayerFacts> Layers { get; }

    /// <summary>The kernel engine's covariance form and memory plan, when every rule holds.</summary>
    public KernelMemory? Memory { get; }

    /// <summary>The network's output branches under the finite rules, when they hold.</summary>
    public BranchSignature[]? Output { get; }
}
