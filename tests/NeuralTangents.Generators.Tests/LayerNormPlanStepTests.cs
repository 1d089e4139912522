using NeuralTangents.Generators.Tests.Support;

namespace NeuralTangents.Generators.Tests;

/// <summary>
/// Which LayerNorm declarations get a plan step (and so a stated plan and generated kernel derivatives): over the channel
/// axis alone — no axes, or exactly −1 — but not over spatial axes, whose variance is a mean over positions.
/// </summary>
public sealed class LayerNormPlanStepTests
{
    [Theory]
    [InlineData("[LayerNorm(Epsilon = 1e-3)]")]
    [InlineData("[LayerNorm(Axis = new[] { -1 }, Epsilon = 1e-3)]")]
    public void Over_channels_only_the_class_states_its_plan(string layerNorm)
    {
        var text = Generate($"[Network(InputShape = new[] {{ 4, 4, 2 }})] [Conv(3, new[] {{ 3, 3 }}, Padding = Padding.Same)] {layerNorm} [Relu] [Flatten] [Dense(2)]");
        Assert.Contains("KernelPlan<", text);
        Assert.Contains("plan.LayerNorm(epsilon: 0.001", text);
    }

    [Fact]
    public void Over_spatial_axes_the_class_states_no_plan()
    {
        var text = Generate("[Network(InputShape = new[] { 4, 4, 2 })] [Conv(3, new[] { 3, 3 }, Padding = Padding.Same)] [LayerNorm(Axis = new[] { 1, 2, 3 })] [Relu] [Flatten] [Dense(2)]");
        Assert.DoesNotContain("KernelPlan<", text);
    }

    private static string Generate(string declaration)
    {
        var run = GeneratorHarness.Run("using NeuralTangents;\nnamespace Sample;\n" + declaration + " public static partial class Net { }");
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        return string.Join("\n", run.Sources.Values);
    }
}
