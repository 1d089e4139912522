using Microsoft.CodeAnalysis;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Parsing;
using NeuralTangents.Generators.Tests.Support;

namespace NeuralTangents.Generators.Tests;

/// <summary>
/// What the generator emits for declarations the analyzer reports on (NT0100, NT0101, rule violations: asserted in the
/// analyzer tests, NetworkClassDiagnosticTests), without reporting them itself; its own failure (NT0102) is its only
/// diagnostic. The generator never throws.
/// </summary>
public sealed class DiagnosticTests
{
    private static string Fluent(string architecture, string members = "", string attributes = "[Network(InputShape = new[] { 4 })]") => $$"""
        using NeuralTangents;

        namespace Sample;

        {{attributes}}
        public static partial class Net
        {
            static ILayer Architecture => {{architecture}};
        {{members}}
        }
        """;

    [Fact]
    public void NT0100_declaration_falls_back_to_the_runtime_and_the_generator_reports_nothing()
    {
        string declaration = Fluent("Stax.Serial(Stax.Dense(Environment.ProcessorCount), Stax.Relu())");
        var run = GeneratorHarness.Run(declaration);
        Assert.Empty(run.GeneratorDiagnostics);
        var source = Assert.Single(run.Sources).Value;
        Assert.Contains("Network => __ntNetwork ??= Architecture;", source);
        Assert.Contains("Network.KernelFn(x1, x2, get, options)", source);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true).Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("Stax.Serial(Stax.Conv(2, new[] { 3, Environment.ProcessorCount }), Stax.Flatten())", "Environment.ProcessorCount")]
    [InlineData("Stax.Serial(Stax.AvgPool(new[] { 2 }, strides: new[] { Environment.TickCount }), Stax.Flatten())", "Environment.TickCount")]
    [InlineData("Stax.Serial(Stax.Dropout(0.5, Enum.Parse<DropoutMode>(\"Test\")), Stax.Flatten())", "Enum.Parse<DropoutMode>(\"Test\")")]
    public void NT0100_for_spatial_layers_falls_back_to_the_runtime(string architecture, string expression)
    {
        var run = GeneratorHarness.Run(Fluent(architecture));
        Assert.Empty(run.GeneratorDiagnostics);
        // The reason the generated class gives for its fallback names the argument that is not constant.
        Assert.Contains(expression.Replace("\"", "\\\""), Assert.Single(run.Sources).Value);
        Assert.Contains("Network.KernelFn(x1, x2, get, options)", Assert.Single(run.Sources).Value);
    }

    [Theory]
    [InlineData("[Dense(3)] [Relu] [Dense(2)] [Flatten]", "Network.KernelFn(x1, x2, get, options)")]
    [InlineData("[Dense(3)] [Relu] [Flatten] [Dense(2)]", "FusedKernel.ComputeAfter")]
    [InlineData("[Conv(3, new[] { 2, 2 })] [Relu] [GlobalSumPool]", "Network.KernelFn(x1, x2, get, options)")]
    public void Pointwise_layers_on_images_split_only_where_a_fully_connected_tail_exists(string layers, string kernel)
    {
        var run = GeneratorHarness.Run($"using NeuralTangents;\nnamespace Sample;\n[Network(InputShape = new[] {{ 3, 4, 2 }})] {layers} public static partial class Net {{ }}");
        Assert.Empty(run.GeneratorDiagnostics);
        var source = Assert.Single(run.Sources).Value;
        Assert.Contains(kernel, source);
        Assert.Contains("fallbackReason: null", source);
    }

    [Fact]
    public void NT0100_fixed_with_a_constant_is_silent()
    {
        var run = GeneratorHarness.Run(Fluent("Stax.Serial(Stax.Dense(Width), Stax.Relu())", "    const int Width = 8;"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("Dense(8, wStd: 1d, bStd: null)", Assert.Single(run.Sources).Value);
    }

    [Theory]
    [InlineData("not partial", "[Network(InputShape = new[] { 4 })] [Dense(2)] public static class Net { }")]
    [InlineData("no input shape", "[Network] [Dense(2)] public static partial class Net { }")]
    [InlineData("empty axis", "[Network(InputShape = new[] { 4, 0 })] [Dense(2)] public static partial class Net { }")]
    [InlineData("no layers", "[Network(InputShape = new[] { 4 })] public static partial class Net { }")]
    [InlineData("both forms", "[Network(InputShape = new[] { 4 })] [Dense(2)] public static partial class Net { static ILayer Architecture => Stax.Dense(2); }")]
    [InlineData("instance architecture", "[Network(InputShape = new[] { 4 })] public partial class Net { ILayer Architecture => Stax.Dense(2); }")]
    public void NT0101_unusable_declaration_generates_nothing(string description, string declaration)
    {
        var run = GeneratorHarness.Run("using NeuralTangents;\nnamespace Sample;\n" + declaration);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Sources);
        Assert.False(string.IsNullOrEmpty(description));
    }

    [Fact]
    public void NT0101_fixed_declaration_is_silent()
    {
        var run = GeneratorHarness.Run("using NeuralTangents;\nnamespace Sample;\n[Network(InputShape = new[] { 4 })] [Dense(2)] public static partial class Net { }");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.Sources);
    }

    [Fact]
    public void NT0102_reports_a_failure_of_the_generator_instead_of_throwing()
    {
        var compilation = GeneratorHarness.Compile(("Net.cs", Fluent("Stax.Dense(2)")));
        var symbol = compilation.GetTypeByMetadataName("Sample.Net")!;
        var model = NetworkGenerator.Guarded(symbol, () => throw new InvalidOperationException("boom"), CancellationToken.None);
        var failure = Assert.Single(model.Diagnostics);
        Assert.Equal(DiagnosticIds.GeneratorFailure, failure.Id);
        Assert.Contains("boom", failure.Arguments[1]);
        Assert.Null(model.Root);
        // A plan for it emits nothing and reports only that failure.
        var plan = NetworkGenerator.GuardedPlan(model);
        Assert.Equal(Planning.PlanKind.Nothing, plan.Kind);
        Assert.Equal(new[] { "NT0102" }, plan.Diagnostics.Select(d => d.Id));
    }

    [Fact]
    public void NT0102_is_not_reported_for_a_working_declaration()
    {
        var compilation = GeneratorHarness.Compile(("Net.cs", Fluent("Stax.Dense(2)")));
        var symbol = compilation.GetTypeByMetadataName("Sample.Net")!;
        var model = NetworkGenerator.Guarded(symbol, () => DeclarationParser.Parse(symbol, compilation, CancellationToken.None), CancellationToken.None);
        Assert.Empty(model.Diagnostics);
        Assert.IsType<DenseNode>(model.Root);
    }

    [Theory]
    [InlineData("Stax.Dense(0)", "NT0004")]
    [InlineData("Stax.Serial(Stax.Dense(2), Stax.FanOut(2))", "NT0003")]
    [InlineData("Stax.Serial(Stax.Dense(2), Stax.Erf(double.NaN))", "NT0004")]
    [InlineData("Stax.Serial(Stax.FanOut(2), Stax.Parallel(Stax.Dense(2), Stax.Dense(3)), Stax.FanInSum())", "NT0005")]
    [InlineData("Stax.Serial(Stax.Dense(2), Stax.Monomial(7))", "NT0004")]
    public void Rule_violation_falls_back_to_the_runtime_path_with_the_runtime_message(string architecture, string id)
    {
        var run = GeneratorHarness.Run(Fluent(architecture));
        Assert.Empty(run.GeneratorDiagnostics);
        // The class still gets its members, on the runtime path, which throws the rule's exception.
        var source = Assert.Single(run.Sources).Value;
        Assert.Contains("Network.KernelFn(x1, x2, get, options)", source);
        var runtime = Assert.Throws<NetworkDefinitionException>(() => Evaluate(architecture).OutputShape(new[] { -1, 4 }));
        Assert.Equal(runtime.RuleId, id);
    }

    [Fact]
    public void Kernel_only_violation_generates_the_finite_members()
    {
        var run = GeneratorHarness.Run(Fluent("Stax.Serial(Stax.Dense(2), Stax.Relu(), Stax.Relu())"));
        Assert.Empty(run.GeneratorDiagnostics);
        var source = Assert.Single(run.Sources).Value;
        Assert.Contains("fallbackReason: null", source);
        Assert.DoesNotContain("FusedChain", source);
    }

    [Fact]
    public void Rule_violations_fixed_are_silent()
    {
        var run = GeneratorHarness.Run(Fluent("Stax.Serial(Stax.Dense(2), Stax.Relu(), Stax.Dense(2), Stax.Relu())"));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("FusedChain", Assert.Single(run.Sources).Value);
    }

    [Theory]
    [InlineData("[Network(InputShape = new[] { 4 })] public static partial class Net { static ILayer Architecture => Stax.Serial(Stax.Dense(2), ; }")]
    [InlineData("[Network(InputShape = new[] { 4 })] public static partial class Net { static ILayer Architecture => Unknown.Call(); }")]
    [InlineData("[Network(InputShape = new[] { 4 })] public static partial class Net { static ILayer Architecture => Architecture; }")]
    [InlineData("[Network(InputShape = new[] { 4 })] public static partial class Net { static ILayer Architecture => Loop(1); [Block] static ILayer Loop(int n) => Loop(n + 1); }")]
    [InlineData("[Network(InputShape = \"x\")] [Dense(\"y\")] public static partial class Net { }")]
    [InlineData("[Network(InputShape = new[] { 4 })] public partial class Net<T> { static ILayer Architecture => Stax.Dense(2); }")]
    [InlineData("[Network(InputShape = new[] { 6, 6, 1 })] [Conv(8, null)] [Flatten] public static partial class Net { }")]
    [InlineData("[Network(InputShape = new[] { 6, 6, 1 })] [Conv(8, new[] { 3 }, Padding = (Padding)7)] [Flatten] public static partial class Net { }")]
    [InlineData("[Network(InputShape = new[] { 6, 6, 1 })] [AvgPool(new int[0])] [Flatten] public static partial class Net { }")]
    [InlineData("[Network(InputShape = new[] { 6, 1 })] [LayerNorm(Axis = null)] [Flatten] public static partial class Net { }")]
    [InlineData("[Network(InputShape = new[] { 6, 1 })] [Dropout(0.5, Mode = (DropoutMode)5)] [Flatten] public static partial class Net { }")]
    [InlineData("[Network(InputShape = new[] { 6, 1 })] [SumPool(new[] { 2, 2 }, Strides = new[] { 1 })] [GlobalSumPool] public static partial class Net { }")]
    [InlineData("[Network(InputShape = new[] { 6, 6, 1 })] public static partial class Net { static ILayer Architecture => Stax.Serial(Stax.Conv(2, new[] { 3, 3 }, padding: (Padding)9), Stax.GlobalAvgPool()); }")]
    [InlineData("[Network(InputShape = new[] { 6, 6, 1 })] public static partial class Net { static ILayer Architecture => Stax.Serial(Stax.Conv(2, (3, 3)), Stax.Flatten()); }")]
    public void Broken_code_never_makes_the_generator_throw(string declaration)
    {
        var run = GeneratorHarness.Run("using NeuralTangents;\nnamespace Sample;\n" + declaration);
        Assert.Null(run.Driver.GetRunResult().Results.Single().Exception);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8784" or "CS8785" or "NT0102");
    }

    private static ILayer Evaluate(string architecture) => architecture switch
    {
        "Stax.Dense(0)" => Stax.Dense(0),
        "Stax.Serial(Stax.Dense(2), Stax.FanOut(2))" => Stax.Serial(Stax.Dense(2), Stax.FanOut(2)),
        "Stax.Serial(Stax.Dense(2), Stax.Erf(double.NaN))" => Stax.Serial(Stax.Dense(2), Stax.Erf(double.NaN)),
        "Stax.Serial(Stax.FanOut(2), Stax.Parallel(Stax.Dense(2), Stax.Dense(3)), Stax.FanInSum())" =>
            Stax.Serial(Stax.FanOut(2), Stax.Parallel(Stax.Dense(2), Stax.Dense(3)), Stax.FanInSum()),
        "Stax.Serial(Stax.Dense(2), Stax.Monomial(7))" => Stax.Serial(Stax.Dense(2), Stax.Monomial(7)),
        _ => throw new ArgumentException(architecture),
    };
}
