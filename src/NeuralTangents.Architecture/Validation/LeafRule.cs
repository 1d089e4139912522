using System;
using NeuralTangents.Rules;

namespace NeuralTangents.Architecture.Validation;

/// <summary>
/// Everything the validator needs to know about one leaf layer, from the shared rules: its runtime name, the check
/// its factory makes at construction (before any input is seen), its shape/validity rule, its own parameter count
/// for an input, and what covariance it needs of its input (null: what its consumers need of its output).
/// </summary>
internal sealed class LeafRule
{
    private readonly Func<RuleViolation?> _construction;
    private readonly Func<BranchSignature[], bool, RuleResult> _rule;
    private readonly Func<BranchSignature[], long> _parameters;

    public LeafRule(string name, Func<RuleViolation?> construction, Func<BranchSignature[], bool, RuleResult> rule,
        Func<BranchSignature[], long>? parameters = null, SpatialForm? inputForm = null)
    {
        Name = name;
        _construction = construction;
        _rule = rule;
        _parameters = parameters ?? (_ => 0);
        InputForm = inputForm;
    }

    /// <summary>The runtime's <c>ILayer.Name</c>.</summary>
    public string Name { get; }

    /// <summary>What the layer needs of each input branch's covariance whatever its consumers need (pooling: full; Flatten: diagonal), or null to pass the demand on.</summary>
    public SpatialForm? InputForm { get; }

    /// <summary>The check the runtime's factory makes when the layer is built, or null when it passes.</summary>
    public RuleViolation? Construction() => _construction();

    /// <summary>The layer's rule on <paramref name="input"/>.</summary>
    public RuleResult Rule(BranchSignature[] input, bool forKernel) => _rule(input, forKernel);

    /// <summary>The layer's own trainable scalars on a valid <paramref name="input"/>.</summary>
    public long Parameters(BranchSignature[] input) => _parameters(input);
}
