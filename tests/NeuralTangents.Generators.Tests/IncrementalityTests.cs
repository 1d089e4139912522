using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NeuralTangents.Generators.Tests.Support;

namespace NeuralTangents.Generators.Tests;

/// <summary>
/// The pipeline caches per model: after an edit, each tracked stage's outputs are compared with the previous
/// run's. Edits that do not change a model leave its plan cached (and its source is not regenerated).
/// </summary>
public sealed class IncrementalityTests
{
    private const string Model = """
        namespace Sample;

        [NeuralTangents.Network(InputShape = new[] { 4 })]
        [NeuralTangents.Dense(8, WStd = 1.5)]
        [NeuralTangents.Relu]
        [NeuralTangents.Dense(1)]
        public static partial class Net
        {
        }
        """;

    private const string Unrelated = """
        namespace Sample;

        public static class Helpers
        {
            public static int Twice(int x) => 2 * x;
        }
        """;

    private const string Second = """
        namespace Sample;

        [NeuralTangents.Network(InputShape = new[] { 3 })]
        public static partial class Other
        {
            static NeuralTangents.ILayer Architecture => NeuralTangents.Stax.Serial(NeuralTangents.Stax.Dense(2), NeuralTangents.Stax.Erf());
        }
        """;

    [Fact]
    public void Unrelated_edit_leaves_every_stage_cached()
    {
        var steps = Rerun(compilation => Replace(compilation, "Helpers.cs", Unrelated.Replace("2 * x", "3 * x")));
        AllIn(steps, TrackingNames.Models, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AllIn(steps, TrackingNames.Plans, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void Comment_inside_the_model_class_leaves_the_plan_cached()
    {
        var steps = Rerun(compilation => Replace(compilation, "Net.cs", Model.Replace("{\n}", "{\n    // a note about the model\n}")));
        AllIn(steps, TrackingNames.Models, IncrementalStepRunReason.Unchanged);
        AllIn(steps, TrackingNames.Plans, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void Changed_hyperparameter_regenerates_the_model()
    {
        var steps = Rerun(compilation => Replace(compilation, "Net.cs", Model.Replace("WStd = 1.5", "WStd = 2.0")));
        AllIn(steps, TrackingNames.Models, IncrementalStepRunReason.Modified);
        AllIn(steps, TrackingNames.Plans, IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void Second_model_added_leaves_the_first_cached()
    {
        var steps = Rerun(compilation => compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Second, GeneratorHarness.ParseOptions, "Other.cs")));
        var plans = steps[TrackingNames.Plans].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.New, plans);
        Assert.Contains(IncrementalStepRunReason.Cached, plans);
        Assert.Equal(2, plans.Count);
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<IncrementalGeneratorRunStep>> Rerun(Func<Compilation, Compilation> edit)
    {
        var compilation = GeneratorHarness.Compile(("Net.cs", Model), ("Helpers.cs", Unrelated));
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources, s => s.HintName == "Sample.Net.g.cs");
        driver = driver.RunGenerators(edit(compilation));
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return result.TrackedSteps.ToDictionary(p => p.Key, p => (IReadOnlyList<IncrementalGeneratorRunStep>)p.Value);
    }

    private static Compilation Replace(Compilation compilation, string path, string text)
    {
        var old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, path));
    }

    private static void AllIn(IReadOnlyDictionary<string, IReadOnlyList<IncrementalGeneratorRunStep>> steps, string name, params IncrementalStepRunReason[] allowed)
    {
        var reasons = steps[name].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, reason => Assert.Contains(reason, allowed));
    }
}
