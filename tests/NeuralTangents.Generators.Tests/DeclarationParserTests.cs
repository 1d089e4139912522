using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Parsing;
using NeuralTangents.Generators.Tests.Support;

namespace NeuralTangents.Generators.Tests;

/// <summary>The declaration parser: both forms read into the same model, and what the fluent evaluator can compute.</summary>
public sealed class DeclarationParserTests
{
    private static ArchitectureModel Parse(string declaration)
    {
        var compilation = GeneratorHarness.Compile(("Net.cs", "using NeuralTangents;\nnamespace Sample;\n" + declaration));
        return DeclarationParser.Parse(compilation.GetTypeByMetadataName("Sample.Net")!, compilation, CancellationToken.None);
    }

    private static LayerNode Dense(int outDim, double wStd = 1, double? bStd = null) => new DenseNode(outDim, wStd, bStd, false, 1, 1);

    private static LayerNode Act(ActivationKind kind, params double[] arguments) => new ActivationNode(kind, arguments.ToEquatableArray());

    [Fact]
    public void Attribute_stack_and_fluent_form_parse_to_the_same_model()
    {
        var attributes = Parse("[Network(InputShape = new[] { 3 })] [Dense(8, WStd = 1.5, BStd = 0.1)] [Erf(b: 2)] [Gelu] [Dense(2)] public static partial class Net { }");
        var fluent = Parse("[Network(InputShape = new[] { 3 })] public static partial class Net { static ILayer Architecture => " +
            "Stax.Serial(Stax.Dense(8, 1.5, 0.1), Stax.Erf(b: 2), Stax.Gelu(), Stax.Dense(2)); }");
        Assert.Empty(attributes.Diagnostics);
        Assert.Empty(fluent.Diagnostics);
        Assert.Equal(attributes.Root, fluent.Root);
        Assert.Equal(new SerialNode(EquatableArray.Of(Dense(8, 1.5, 0.1), Act(ActivationKind.Erf, 1, 2, 0), Act(ActivationKind.Gelu, 0), Dense(2))), attributes.Root);
        Assert.Equal(DeclarationForm.Attributes, attributes.Form);
        Assert.Equal(DeclarationForm.Fluent, fluent.Form);
    }

    [Fact]
    public void Attribute_defaults_are_the_factory_defaults()
    {
        var model = Parse("[Network(InputShape = new[] { 3 })] [Dense(4)] [Gaussian] [ExpNormalized] [Polynomial(1, 2, 3)] public static partial class Net { }");
        Assert.Equal(new SerialNode(EquatableArray.Of(Dense(4), Act(ActivationKind.Gaussian, 1, -1), Act(ActivationKind.ExpNormalized, 1, -1, 0),
            Act(ActivationKind.Polynomial, 1, 2, 3))), model.Root);
    }

    [Fact]
    public void Blocks_are_inlined_with_their_arguments_defaults_and_locals()
    {
        var model = Parse("""
            [Network(InputShape = new[] { 3 })]
            public static partial class Net
            {
                const int Base = 4;
                static ILayer Architecture => Stax.Serial(Group(2, Base * 2), Stax.Repeat(3, Group(1, Base + 1, relu: false)));
                [Block] static ILayer Group(int depth, int width, bool relu = true)
                {
                    double scale = depth > 1 ? 1.5 : 0.5;
                    var nonlinearity = relu ? Stax.Relu() : Stax.Erf();
                    return Stax.Serial(Stax.Dense(width * depth, wStd: scale + 0.25, bStd: -scale / 10), nonlinearity);
                }
            }
            """);
        Assert.Empty(model.Diagnostics);
        var group = new SerialNode(EquatableArray.Of(Dense(16, 1.75, -0.15), Act(ActivationKind.Relu)));
        var repeated = new RepeatNode(3, new SerialNode(EquatableArray.Of(Dense(5, 0.75, -0.05), Act(ActivationKind.Erf, 1, 1, 0))));
        Assert.Equal(new SerialNode(EquatableArray.Of<LayerNode>(group, repeated)), model.Root);
    }

    [Fact]
    public void Enums_nullable_arguments_and_params_arrays_are_read()
    {
        var model = Parse("""
            [Network(InputShape = new[] { 3 }, Precision = Precision.Float64)]
            public static partial class Net
            {
                static ILayer Architecture => Stax.Serial(
                    Stax.Dense(6, parameterization: Parameterization.Standard, widthScaleOut: 2, bStd: null),
                    Stax.Polynomial(new[] { 0.5, -1.0 }),
                    Stax.FanOut(2), Stax.Parallel(Stax.Identity(), Stax.Dense(12)), Stax.FanInConcat());
            }
            """);
        Assert.Empty(model.Diagnostics);
        Assert.True(model.Float64);
        var layers = ((SerialNode)model.Root!).Layers;
        Assert.Equal(new DenseNode(6, 1, null, true, 1, 2), layers[0]);
        Assert.Equal(Act(ActivationKind.Polynomial, 0.5, -1.0), layers[1]);
        Assert.Equal(new FanInConcatNode(-1), layers[4]);
    }

    [Theory]
    [InlineData("Stax.Dense(System.Environment.ProcessorCount)", "System.Environment.ProcessorCount")]
    [InlineData("Stax.Dense(Width)", "Width")]
    [InlineData("Helper()", "Helper()")]
    [InlineData("Stax.Elementwise(null, (c, q1, q2) => c)", "Stax.Elementwise(null, (c, q1, q2) => c)")]
    public void What_cannot_be_evaluated_is_named(string architecture, string expression)
    {
        var model = Parse($$"""
            [Network(InputShape = new[] { 3 })]
            public static partial class Net
            {
                static readonly int Width = 4;
                static ILayer Architecture => {{architecture}};
                static ILayer Helper() => Stax.Relu();
            }
            """);
        var diagnostic = Assert.Single(model.Diagnostics);
        Assert.Equal(DiagnosticIds.NotEvaluable, diagnostic.Id);
        Assert.Equal(expression, diagnostic.Arguments[0]);
        Assert.Null(model.Root);
    }

    [Fact]
    public void Nested_classes_keep_their_enclosing_types()
    {
        var compilation = GeneratorHarness.Compile(("Net.cs", """
            using NeuralTangents;
            namespace Sample;
            public static partial class Outer
            {
                [Network(InputShape = new[] { 2 })] [Dense(1)]
                internal static partial class Net { }
            }
            """));
        var model = DeclarationParser.Parse(compilation.GetTypeByMetadataName("Sample.Outer+Net")!, compilation, CancellationToken.None);
        Assert.Empty(model.Diagnostics);
        Assert.Equal(new[] { "static partial class Outer" }, model.ContainingTypes);
        var run = GeneratorHarness.Run(("Net.cs", compilation.SyntaxTrees.First().ToString()));
        Assert.Contains("Sample.Outer.Net.g.cs", run.Sources.Keys);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Select(d => d.ToString()));
    }
}
