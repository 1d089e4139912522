namespace NeuralTangents.Architecture.Parsing;

/// <summary>
/// Ids of the declaration diagnostics (registered in the analyzers' catalog and release tracking). The layer
/// rules' own ids (NT0001…) live in <c>RuleIds</c>.
/// </summary>
internal static class DiagnosticIds
{
    /// <summary>A part of a fluent declaration cannot be evaluated at compile time; the class uses the runtime path.</summary>
    public const string NotEvaluable = "NT0100";

    /// <summary>A model class is declared in a way the generator cannot use (not partial, no layers, no input shape, both forms …).</summary>
    public const string InvalidDeclaration = "NT0101";

    /// <summary>The source generator itself failed on a class (a bug); the class gets no generated members.</summary>
    public const string GeneratorFailure = "NT0102";
}
