using Microsoft.CodeAnalysis;
using NeuralTangents.Generators.Tests.Support;

namespace NeuralTangents.Generators.Tests;

/// <summary>The generated code compiles cleanly: no errors and no warnings (documentation comments included).</summary>
public sealed class GeneratedCodeCompilesTests
{
    [Fact]
    public void All_sample_models_generate_code_that_compiles_without_warnings()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.AllModels());
        var problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(14, run.Sources.Count);
        // FallbackNetwork's delegate (NT0100) is the analyzer's to report; the generator reports nothing.
        Assert.Empty(run.GeneratorDiagnostics);
    }
}
