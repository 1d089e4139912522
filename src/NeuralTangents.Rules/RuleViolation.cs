namespace NeuralTangents.Rules;

/// <summary>
/// A broken layer rule: a stable diagnostic id (the same id the analyzers report at compile time) and a
/// message that names the layer, the value seen and what was expected. The runtime turns it into an
/// exception, the analyzers into a diagnostic, so both say the same words.
/// </summary>
internal sealed class RuleViolation
{
    /// <summary>Creates a violation.</summary>
    public RuleViolation(string id, string argument, string message)
    {
        Id = id;
        Argument = argument;
        Message = message;
    }

    /// <summary>The diagnostic id, e.g. <c>NT0001</c>; see <see cref="RuleIds"/>.</summary>
    public string Id { get; }

    /// <summary>The argument (or layer parameter) at fault, for exceptions' <c>ParamName</c>.</summary>
    public string Argument { get; }

    /// <summary>The human-readable explanation.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => Id + ": " + Message;
}
