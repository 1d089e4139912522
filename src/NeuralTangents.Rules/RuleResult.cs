namespace NeuralTangents.Rules;

/// <summary>The outcome of applying a layer's rule: the output branches, or the rule that was broken.</summary>
internal sealed class RuleResult
{
    private RuleResult(BranchSignature[]? output, RuleViolation? violation)
    {
        Output = output;
        Violation = violation;
    }

    /// <summary>The output branches when the rule held.</summary>
    public BranchSignature[]? Output { get; }

    /// <summary>The broken rule, or null.</summary>
    public RuleViolation? Violation { get; }

    /// <summary>Whether the rule held.</summary>
    public bool IsValid => Violation is null;

    /// <summary>A successful result.</summary>
    public static RuleResult Valid(params BranchSignature[] output) => new RuleResult(output, null);

    /// <summary>A broken rule.</summary>
    public static RuleResult Invalid(string id, string argument, string message) =>
        new RuleResult(null, new RuleViolation(id, argument, message));
}
