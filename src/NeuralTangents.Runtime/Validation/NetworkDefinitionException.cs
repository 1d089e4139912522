using NeuralTangents.Rules;

namespace NeuralTangents;

/// <summary>
/// A network or a layer is used in a way its rules forbid: wrong shapes, wrong branch counts, invalid
/// hyperparameters, or a combination without an infinite-width limit. <see cref="RuleId"/> is the same id
/// the compile-time analyzers report for the same mistake.
/// </summary>
public sealed class NetworkDefinitionException : ArgumentException
{
    internal NetworkDefinitionException(RuleViolation violation)
        : base(violation.Id + ": " + violation.Message, violation.Argument)
    {
        RuleId = violation.Id;
    }

    /// <summary>The rule id (NT0001 …), shared with the analyzers' diagnostics.</summary>
    public string RuleId { get; }
}
