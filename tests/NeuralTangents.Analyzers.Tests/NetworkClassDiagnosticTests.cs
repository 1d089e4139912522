using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NeuralTangents.Analyzers.Tests.Support;

namespace NeuralTangents.Analyzers.Tests;

/// <summary>
/// The diagnostics of a <c>[Network]</c> class's parsed declaration, reported by the analyzer (the generator reports none
/// of them): NT0100 and NT0101 for declarations the generator cannot use, and the first broken rule (NT0001–NT0007), an
/// error at the attribute or call that breaks it (with the layer it receives its input from and the [Block] calls as
/// additional locations), reading as the runtime's exception for the same network. Being analyzer diagnostics, they
/// yield to <c>#pragma warning disable</c>.
/// </summary>
public sealed class NetworkClassDiagnosticTests
{
    private static string Fluent(string architecture, string members = "", string attributes = "[Network(InputShape = new[] { 4 })]") => $$"""
        using System;
        using NeuralTangents;

        namespace Sample;

        {{attributes}}
        public static partial class Net
        {
            static ILayer Architecture => {{architecture}};
        {{members}}
        }
        """;

    /// <summary>The analyzer's diagnostics on <paramref name="source"/>, after checking that the generator reports none and does not throw.</summary>
    private static IReadOnlyList<Diagnostic> Diagnostics(string source)
    {
        var compilation = AnalyzerHarness.Compile(source);
        var (generated, exception) = AnalyzerHarness.Generate(compilation);
        Assert.Null(exception);
        Assert.Empty(generated.Select(d => d.ToString()));
        return AnalyzerHarness.AnalyzeCompilation(compilation);
    }

    [Fact]
    public void NT0100_names_the_expression_that_cannot_be_evaluated()
    {
        string declaration = Fluent("Stax.Serial(Stax.Dense(Environment.ProcessorCount), Stax.Relu())");
        var diagnostic = Assert.Single(Diagnostics(declaration));
        Assert.Equal("NT0100", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("'Environment.ProcessorCount'", diagnostic.GetMessage());
        Assert.Equal(declaration.IndexOf("Environment.ProcessorCount", StringComparison.Ordinal), diagnostic.Location.SourceSpan.Start);
        Assert.Equal("Environment.ProcessorCount".Length, diagnostic.Location.SourceSpan.Length);
        Assert.True(diagnostic.Location.IsInSource);
    }

    [Theory]
    [InlineData("Stax.Serial(Stax.Conv(2, new[] { 3, Environment.ProcessorCount }), Stax.Flatten())", "Environment.ProcessorCount")]
    [InlineData("Stax.Serial(Stax.AvgPool(new[] { 2 }, strides: new[] { Environment.TickCount }), Stax.Flatten())", "Environment.TickCount")]
    [InlineData("Stax.Serial(Stax.Dropout(0.5, Enum.Parse<DropoutMode>(\"Test\")), Stax.Flatten())", "Enum.Parse<DropoutMode>(\"Test\")")]
    public void NT0100_for_spatial_layers_names_the_argument_that_is_not_constant(string architecture, string expression)
    {
        var diagnostic = Assert.Single(Diagnostics(Fluent(architecture)));
        Assert.Equal("NT0100", diagnostic.Id);
        Assert.Contains($"'{expression}'", diagnostic.GetMessage());
    }

    [Fact]
    public void NT0100_fixed_with_a_constant_is_silent() =>
        Assert.Empty(Diagnostics(Fluent("Stax.Serial(Stax.Dense(Width), Stax.Relu())", "    const int Width = 8;")).Select(d => d.ToString()));

    [Theory]
    [InlineData("not partial", "[Network(InputShape = new[] { 4 })] [Dense(2)] public static class Net { }", "must be partial")]
    [InlineData("no input shape", "[Network] [Dense(2)] public static partial class Net { }", "InputShape")]
    [InlineData("empty axis", "[Network(InputShape = new[] { 4, 0 })] [Dense(2)] public static partial class Net { }", "at least 1")]
    [InlineData("no layers", "[Network(InputShape = new[] { 4 })] public static partial class Net { }", "declare the layers")]
    [InlineData("both forms", "[Network(InputShape = new[] { 4 })] [Dense(2)] public static partial class Net { static ILayer Architecture => Stax.Dense(2); }", "not both")]
    [InlineData("instance architecture", "[Network(InputShape = new[] { 4 })] public partial class Net { ILayer Architecture => Stax.Dense(2); }", "must be static")]
    public void NT0101_explains_an_unusable_declaration(string description, string declaration, string expected)
    {
        var diagnostic = Assert.Single(Diagnostics("using NeuralTangents;\nnamespace Sample;\n" + declaration));
        Assert.Equal("NT0101", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains(expected, diagnostic.GetMessage());
        Assert.False(string.IsNullOrEmpty(description));
    }

    [Fact]
    public void NT0101_fixed_declaration_is_silent() =>
        Assert.Empty(Diagnostics("using NeuralTangents;\nnamespace Sample;\n[Network(InputShape = new[] { 4 })] [Dense(2)] public static partial class Net { }").Select(d => d.ToString()));

    [Theory]
    [InlineData("Stax.Dense(0)", "NT0004", "Stax.Dense(0)")]
    [InlineData("Stax.Serial(Stax.Dense(2), Stax.FanOut(2))", "NT0003", "Stax.FanOut(2)")]
    [InlineData("Stax.Serial(Stax.Dense(2), Stax.Erf(double.NaN))", "NT0004", "Stax.Erf(double.NaN)")]
    [InlineData("Stax.Serial(Stax.FanOut(2), Stax.Parallel(Stax.Dense(2), Stax.Dense(3)), Stax.FanInSum())", "NT0005", "Stax.FanInSum()")]
    [InlineData("Stax.Serial(Stax.Dense(2), Stax.Monomial(7))", "NT0004", "Stax.Monomial(7)")]
    public void Rule_violation_is_an_error_at_the_offending_call_that_reads_as_the_runtime_exception(string architecture, string id, string flagged)
    {
        string source = Fluent(architecture);
        var diagnostic = Assert.Single(Diagnostics(source));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(flagged, Text(diagnostic.Location));
        var runtime = Assert.Throws<NetworkDefinitionException>(() => Evaluate(architecture).OutputShape(new[] { -1, 4 }));
        Assert.Equal(runtime.RuleId, id);
        Assert.StartsWith(id + ": " + diagnostic.GetMessage(), runtime.Message);
    }

    [Fact]
    public void Kernel_only_violation_is_an_error_at_the_second_nonlinearity_with_the_first_as_additional_location()
    {
        const string architecture = "Stax.Serial(Stax.Dense(2), Stax.Relu(), Stax.Erf())";
        var diagnostic = Assert.Single(Diagnostics(Fluent(architecture)));
        Assert.Equal("NT0001", diagnostic.Id);
        // KernelFn cannot work, so the class must not build silently (as the same Serial in ordinary code).
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Stax.Erf()", Text(diagnostic.Location));
        Assert.Equal(new[] { "Stax.Relu()" }, diagnostic.AdditionalLocations.Select(Text));
        var x = Tensor<float>.FromFunction(new[] { 3, 4 }, i => i);
        var runtime = Assert.Throws<NetworkDefinitionException>(() => Stax.Serial(Stax.Dense(2), Stax.Relu(), Stax.Erf()).KernelFn(x));
        Assert.StartsWith("NT0001: " + diagnostic.GetMessage(), runtime.Message);
        Assert.Equal("NT0001", Assert.Single(CompilationErrors(Fluent(architecture))).Id);
    }

    [Fact]
    public void NT0006_a_fan_in_sum_over_a_non_gaussian_branch_is_an_error_at_the_fan_in_with_the_branches_as_additional_location()
    {
        const string architecture = "Stax.Serial(Stax.Dense(4), Stax.FanOut(2), Stax.Parallel(Stax.Relu(), Stax.Dense(4)), Stax.FanInSum(), Stax.Relu())";
        var diagnostic = Assert.Single(Diagnostics(Fluent(architecture)));
        Assert.Equal("NT0006", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Stax.FanInSum()", Text(diagnostic.Location));
        Assert.Equal(new[] { "Stax.Parallel(Stax.Relu(), Stax.Dense(4))" }, diagnostic.AdditionalLocations.Select(Text));
    }

    [Fact]
    public void A_rule_broken_inside_a_block_is_reported_at_its_call_in_the_block_with_the_block_call_as_additional_location()
    {
        string source = Fluent("Stax.Serial(Stax.Dense(2), Hidden(-1.0))", "    [Block] static ILayer Hidden(double scale) => Stax.Serial(Stax.Relu(), Stax.Dense(2, wStd: scale));");
        var diagnostic = Assert.Single(Diagnostics(source));
        Assert.Equal("NT0004", diagnostic.Id);
        Assert.Equal("Stax.Dense(2, wStd: scale)", Text(diagnostic.Location));
        Assert.Equal(new[] { "Stax.Relu()", "Hidden(-1.0)" }, diagnostic.AdditionalLocations.Select(Text));
    }

    [Fact]
    public void A_rule_broken_in_an_attribute_stack_is_reported_at_the_attribute()
    {
        const string source = """
            using NeuralTangents;

            [Network(InputShape = new[] { 4 })]
            [Dense(64, WStd = -1.0)]
            [Relu]
            [Dense(1)]
            public static partial class NegativeWStd
            {
            }
            """;
        var diagnostic = Assert.Single(Diagnostics(source));
        Assert.Equal("NT0004", diagnostic.Id);
        Assert.Equal("Dense(64, WStd = -1.0)", Text(diagnostic.Location));
    }

    [Fact]
    public void NT0101_about_the_input_shape_is_reported_at_the_network_attribute()
    {
        var diagnostic = Assert.Single(Diagnostics("using NeuralTangents;\nnamespace Sample;\n[Network] [Dense(2)] public static partial class Net { }"));
        Assert.Equal("NT0101", diagnostic.Id);
        Assert.Equal("Network", Text(diagnostic.Location));
    }

    private static string Text(Location location) => location.SourceTree!.GetText().ToString(location.SourceSpan);

    [Fact]
    public void Rule_violations_fixed_are_silent() =>
        Assert.Empty(Diagnostics(Fluent("Stax.Serial(Stax.Dense(2), Stax.Relu(), Stax.Dense(2), Stax.Relu())")).Select(d => d.ToString()));

    [Theory]
    [InlineData("Stax.Serial(Stax.Dense(2), Stax.Relu(), Stax.Relu())", "NT0001")]
    [InlineData("Stax.Serial(Stax.Dense(Environment.ProcessorCount), Stax.Relu())", "NT0100")]
    public void Pragma_suppresses_a_warning_on_a_network_class(string architecture, string id)
    {
        Assert.Equal(id, Assert.Single(Diagnostics(Fluent(architecture))).Id);
        var suppressed = Fluent(architecture, attributes: $"#pragma warning disable {id}\n[Network(InputShape = new[] {{ 4 }})]");
        Assert.Empty(Diagnostics(suppressed).Select(d => d.ToString()));
        // Another id stays reported: the pragma names one diagnostic, not the class.
        var other = Fluent(architecture, attributes: "#pragma warning disable NT0012\n[Network(InputShape = new[] { 4 })]");
        Assert.Equal(id, Assert.Single(Diagnostics(other)).Id);
    }

    [Fact]
    public void An_error_fails_the_compilation_unless_suppressed()
    {
        const string architecture = "Stax.Serial(Stax.Dense(2), Stax.FanOut(2))";
        var errors = CompilationErrors(Fluent(architecture));
        Assert.Equal("NT0003", Assert.Single(errors).Id);
        Assert.Empty(CompilationErrors(Fluent(architecture, attributes: "#pragma warning disable NT0003\n[Network(InputShape = new[] { 4 })]")).Select(d => d.ToString()));
    }

    /// <summary>The errors of compiling <paramref name="source"/> with the analyzer, as a build would report them (suppressed ones left out).</summary>
    private static IReadOnlyList<Diagnostic> CompilationErrors(string source) => AnalyzerHarness.Compile(source)
        .WithAnalyzers(System.Collections.Immutable.ImmutableArray.Create<DiagnosticAnalyzer>(new NetworkAnalyzer()))
        .GetAllDiagnosticsAsync().GetAwaiter().GetResult()
        .Where(d => d.Severity == DiagnosticSeverity.Error && !d.IsSuppressed)
        .ToList();

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
