using NeuralTangents.Architecture.Parsing;
using NeuralTangents.Generators.Planning;
using NeuralTangents.Generators.Tests.Support;

namespace NeuralTangents.Generators.Tests;

/// <summary>Where the planner splits a spatial network into an interpreted head and a fused tail.</summary>
public sealed class PlannerTests
{
    [Theory]
    // The tail starts right after Flatten: one branch of items × channels enters it.
    [InlineData("Stax.Serial(Stax.Conv(4, new[] { 3, 3 }), Stax.Relu(), Stax.Flatten(), Stax.Dense(3), Stax.Relu(), Stax.Dense(2))", 3)]
    // Identity passes the Parallel's two branches on, so the tail may start only after FanInSum has joined them
    // (a chain starting at FanInSum would sum its single input branch).
    [InlineData("Stax.Serial(Stax.FanOut(2), Stax.Parallel(Stax.Serial(Stax.Conv(4, new[] { 3, 3 }), Stax.Flatten(), Stax.Dense(3)), Stax.Serial(Stax.Conv(4, new[] { 3, 3 }, wStd: 1.5), Stax.Flatten(), Stax.Dense(3))), Stax.Identity(), Stax.FanInSum(), Stax.Relu(), Stax.Dense(2))", 4)]
    public void Fused_tail_starts_where_one_branch_of_items_by_channels_enters(string expression, int fusedFrom)
    {
        var compilation = GeneratorHarness.Compile(("Net.cs",
            $"using NeuralTangents;\nnamespace Sample;\n[Network(InputShape = new[] {{ 5, 5, 2 }})] public static partial class Net {{ static ILayer Architecture => {expression}; }}"));
        var model = DeclarationParser.Parse(compilation.GetTypeByMetadataName("Sample.Net")!, compilation, CancellationToken.None);
        Assert.Empty(model.Diagnostics);

        var plan = Planner.Plan(model);

        Assert.True(plan.Kind == PlanKind.Specialized, plan.FallbackReason);
        Assert.Empty(plan.Diagnostics);
        Assert.Equal(fusedFrom, plan.FusedFrom);
    }
}
