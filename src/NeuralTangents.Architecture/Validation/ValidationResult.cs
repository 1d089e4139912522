using System.Collections.Generic;
using System.Linq;
using NeuralTangents.Rules;

namespace NeuralTangents.Architecture.Validation;

/// <summary>The outcome of checking a layer tree against the shared rules.</summary>
internal sealed class ValidationResult
{
    private readonly Dictionary<string, RuleStep> _kernelByPath;

    public ValidationResult(RuleViolation? violation, bool kernelOnly, IReadOnlyList<LayerFacts> layers, BranchSignature[]? output,
        IReadOnlyList<RuleStep> kernelSteps, KernelMemory? memory = null)
    {
        Memory = memory;
        Violation = violation;
        KernelOnly = kernelOnly;
        Layers = layers;
        Output = output;
        KernelSteps = kernelSteps;
        _kernelByPath = kernelSteps.ToDictionary(s => s.Path);
    }

    /// <summary>The first broken rule, or null.</summary>
    public RuleViolation? Violation { get; }

    /// <summary>
    /// The path (see <see cref="LayerFacts.Path"/>) of the node whose rule <see cref="Violation"/> broke; empty for the
    /// network as a whole (its input or its output) and when every rule holds.
    /// </summary>
    public string ViolationPath { get; init; } = "";

    /// <summary>Whether the broken rule concerns only the infinite-width kernel (the finite network is valid).</summary>
    public bool KernelOnly { get; }

    /// <summary>Every node of the tree, depth-first (complete when the finite rules hold).</summary>
    public IReadOnlyList<LayerFacts> Layers { get; }

    /// <summary>The kernel engine's covariance form and memory plan, when every rule holds.</summary>
    public KernelMemory? Memory { get; }

    /// <summary>The network's output branches under the finite rules, when they hold.</summary>
    public BranchSignature[]? Output { get; }

    /// <summary>
    /// Every node of the tree under the kernel rules, depth-first with parents first, each with the inputs the kernel
    /// engine sees (flattened when the network starts with Flatten); complete when every rule holds, empty when the
    /// kernel rules were not reached.
    /// </summary>
    public IReadOnlyList<RuleStep> KernelSteps { get; }

    /// <summary>The kernel rules' step at <paramref name="path"/> (see <see cref="LayerFacts.Path"/>).</summary>
    /// <exception cref="KeyNotFoundException">The kernel walk did not reach the node.</exception>
    public RuleStep KernelStep(string path) => _kernelByPath[path];
}
