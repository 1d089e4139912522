using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Parsing;
using NeuralTangents.Architecture.Validation;
using NeuralTangents.Generators.Tests.Support;

namespace NeuralTangents.Generators.Tests.Validation;

/// <summary>
/// Aggregate in the architecture model: both declaration forms give the same node, and the model agrees with the
/// runtime built from the same expression on the name, the covariance (full) and the memory per pair, and on
/// rule violations.
/// </summary>
public sealed class GraphValidationTests
{
    public static TheoryData<string, int[]> Networks => new()
    {
        { "Stax.Serial(Stax.Dense(4), Stax.Relu(), Stax.Aggregate(), Stax.Dense(3), Stax.GlobalAvgPool(), Stax.Dense(2))", new[] { 5, 2 } },
        { "Stax.Serial(Stax.Conv(3, new[] { 2, 2 }), Stax.Aggregate(new[] { 2 }), Stax.Relu(), Stax.Flatten(), Stax.Dense(1))", new[] { 4, 4, 2 } },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Model_agrees_with_the_runtime_on_names_covariance_and_memory(string expression, int[] itemShape)
    {
        var root = Parse(expression, out var diagnostics);
        Assert.Empty(diagnostics);
        var runtime = RuntimeNetworks.Build(expression);
        Assert.Equal(runtime.Name, NodeNames.Of(root!));
        var validation = ArchitectureValidator.Validate(root!, itemShape);
        Assert.Null(validation.Violation);
        var aggregate = validation.Layers.Single(l => l.Name.StartsWith("Aggregate", StringComparison.Ordinal));
        Assert.Equal("Full", aggregate.Covariance.ToString());
        var plan = KernelPlanInfo.For<double>(runtime, new[] { -1 }.Concat(itemShape).ToArray(), n1: 4);
        Assert.Equal(plan.BytesPerPair, validation.Memory!.BytesPerPair(sizeof(double), 2));
    }

    [Theory]
    [InlineData("Stax.Serial(Stax.Aggregate(new[] { 0 }), Stax.Flatten())", new[] { 4, 2 })]
    [InlineData("Stax.Serial(Stax.Aggregate(new[] { 1, 1 }), Stax.Flatten())", new[] { 4, 2 })]
    [InlineData("Stax.Serial(Stax.Aggregate(new[] { 2 }), Stax.Flatten())", new[] { 4, 2 })]
    [InlineData("Stax.Serial(Stax.Aggregate(), Stax.Dense(1))", new[] { 4 })]
    public void Violations_have_the_runtime_id_and_message(string expression, int[] itemShape) =>
        ExpressionValidation.AssertViolationMatchesRuntime(expression, itemShape);

    [Fact]
    public void Attribute_stack_and_fluent_form_read_aggregate_alike()
    {
        var compilation = GeneratorHarness.Compile(("Net.cs", """
            using NeuralTangents;
            namespace Sample;
            [Network(InputShape = new[] { 3, 4, 2 })]
            [Conv(3, new[] { 1, 1 })] [Aggregate] [Relu] [Aggregate(AggregateAxes = new[] { 2 })] [GlobalAvgPool] [Dense(2)]
            public static partial class A { }
            [Network(InputShape = new[] { 3, 4, 2 })]
            public static partial class B
            {
                static ILayer Architecture => Stax.Serial(Stax.Conv(3, new[] { 1, 1 }), Stax.Aggregate(), Stax.Relu(), Stax.Aggregate(new[] { 2 }),
                    Stax.GlobalAvgPool(), Stax.Dense(2));
            }
            """));
        var a = DeclarationParser.Parse(compilation.GetTypeByMetadataName("Sample.A")!, compilation, CancellationToken.None);
        var b = DeclarationParser.Parse(compilation.GetTypeByMetadataName("Sample.B")!, compilation, CancellationToken.None);
        Assert.Empty(a.Diagnostics);
        Assert.Empty(b.Diagnostics);
        Assert.Equal(a.Root, b.Root);
        var layers = ((SerialNode)a.Root!).Layers;
        Assert.Equal(new AggregateNode(null), layers[1]);
        Assert.Equal(new AggregateNode(EquatableArray.Of(2)), layers[3]);
    }

    private static LayerNode? Parse(string expression, out EquatableArray<DiagnosticInfo> diagnostics) => ExpressionValidation.Parse(expression, out diagnostics);
}
