using NeuralTangents.Analyzers.Tests.Support;

namespace NeuralTangents.Analyzers.Tests;

/// <summary>
/// The analyzer and the runtime's <c>Stax</c> factories judge a layer's hyperparameters by one rule: for the same
/// arguments the diagnostic carries the id and the message of the exception the factory throws.
/// </summary>
public sealed class RuntimeMessageTests
{
    /// <summary>The call as source text, and the same call made on the runtime.</summary>
    private static readonly Dictionary<string, Action> Builds = new()
    {
        { "Stax.Conv(4, new[] { 3 }, wStd: -1)", () => Stax.Conv(4, new[] { 3 }, wStd: -1) },
        { "Stax.Conv(4, new[] { 3, 3 }, new[] { 1 })", () => Stax.Conv(4, new[] { 3, 3 }, new[] { 1 }) },
        { "Stax.AvgPool(new[] { 2, 0 })", () => Stax.AvgPool(new[] { 2, 0 }) },
        { "Stax.SumPool(new[] { 2 }, new[] { 0 })", () => Stax.SumPool(new[] { 2 }, new[] { 0 }) },
        { "Stax.LayerNorm(-1e-3)", () => Stax.LayerNorm(-1e-3) },
    };

    /// <summary>The calls by their source text (strings, so every case is a test of its own).</summary>
    public static TheoryData<string> Calls => new(Builds.Keys);

    [Theory]
    [MemberData(nameof(Calls))]
    public void The_diagnostic_is_the_factory_exception(string call)
    {
        var diagnostic = Assert.Single(AnalyzerHarness.Analyze(AnalyzerHarness.Program($"return {call};")));
        var thrown = Assert.Throws<NetworkDefinitionException>(Builds[call]);
        Assert.Equal(thrown.RuleId, diagnostic.Id);
        // The exception's message is the rule id and the rule's message, with the argument named as ArgumentException does.
        Assert.Equal(new ArgumentException(diagnostic.Id + ": " + diagnostic.GetMessage(), thrown.ParamName).Message, thrown.Message);
    }
}
