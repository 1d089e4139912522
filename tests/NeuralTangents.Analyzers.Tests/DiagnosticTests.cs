using Microsoft.CodeAnalysis;
using NeuralTangents.Analyzers.Tests.Support;

namespace NeuralTangents.Analyzers.Tests;

/// <summary>
/// Every diagnostic the analyzer reports: triggered with its exact id, location and message, and the corrected code
/// silent. Messages are the shared rules' own, so they read as the runtime's exceptions for the same layers.
/// </summary>
public sealed class DiagnosticTests
{
    private static Diagnostic Single(string source, string expectedId, string flagged)
    {
        var diagnostic = Assert.Single(AnalyzerHarness.Analyze(source));
        Assert.Equal(expectedId, diagnostic.Id);
        var tree = diagnostic.Location.SourceTree!;
        Assert.Equal(flagged, tree.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Equal(source.IndexOf(flagged, StringComparison.Ordinal), diagnostic.Location.SourceSpan.Start);
        return diagnostic;
    }

    private static void Silent(string source) => Assert.Empty(AnalyzerHarness.Analyze(source).Select(d => d.ToString()));

    [Fact]
    public void NT0001_two_nonlinearities_in_a_row_flag_the_second()
    {
        var diagnostic = Single(AnalyzerHarness.Program("return Stax.Serial(Stax.Dense(8), Stax.Relu(), Stax.Erf());"), "NT0001", "Stax.Erf()");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Erf(1, 1, 0) needs a Gaussian pre-activation as input to have a closed-form infinite-width kernel, but its input is not one (it follows a nonlinearity, a product or the raw input); put a Dense (or Conv) layer before Erf(1, 1, 0).",
            diagnostic.GetMessage());
    }

    [Fact]
    public void NT0001_fixed_with_a_dense_between_is_silent() =>
        Silent(AnalyzerHarness.Program("return Stax.Serial(Stax.Dense(8), Stax.Relu(), Stax.Dense(8), Stax.Erf());"));

    [Fact]
    public void NT0001_is_silent_after_a_layer_it_cannot_read() =>
        Silent(AnalyzerHarness.Program("var width = Environment.ProcessorCount; return Stax.Serial(Stax.Relu(), Stax.Dense(width), Stax.Relu());"));

    [Fact]
    public void NT0001_after_a_conv_and_a_pool_flags_the_second_nonlinearity() =>
        Single(AnalyzerHarness.Program("return Stax.Serial(Stax.Conv(4, new[] { 3, 3 }), Stax.AvgPool(new[] { 2, 2 }), Stax.Relu(), Stax.Gelu());"), "NT0001", "Stax.Gelu()");

    [Theory]
    [InlineData("Stax.Serial(Stax.Conv(4, new[] { 3, 3 }), Stax.Relu(), Stax.AvgPool(new[] { 2 }))", "Stax.AvgPool(new[] { 2 })",
        "AvgPool expects an input of rank 3 (batch, 1 spatial axes, channels), but the layer before it gives rank 4.")]
    [InlineData("Stax.Serial(Stax.Flatten(), Stax.Dense(8), Stax.GlobalAvgPool())", "Stax.GlobalAvgPool()",
        "GlobalAvgPool pools spatial axes, so it expects an input of rank at least 3 (batch, spatial…, channels), but the layer before it gives rank 2.")]
    [InlineData("Stax.Serial(Stax.GlobalSumPool(), Stax.Conv(2, new[] { 3 }))", "Stax.Conv(2, new[] { 3 })",
        "Conv expects an input of rank 3 (batch, 1 spatial axes, channels), but the layer before it gives rank 2.")]
    public void NT0002_a_spatial_layer_after_one_of_another_rank(string serial, string flagged, string message)
    {
        var diagnostic = Single(AnalyzerHarness.Program($"return {serial};"), "NT0002", flagged);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage());
    }

    [Fact]
    public void NT0002_fixed_ranks_are_silent() => Silent(AnalyzerHarness.Program(
        "return Stax.Serial(Stax.Conv(4, new[] { 3, 3 }), Stax.Relu(), Stax.AvgPool(new[] { 2, 2 }), Stax.GlobalAvgPool(), Stax.Dense(2), Stax.Flatten(), Stax.Dense(1));"));

    [Theory]
    [InlineData("Stax.Dense(8, wStd: 0)", "Dense(8, wStd: 0, bStd: null): wStd must be positive and finite, got 0.")]
    [InlineData("Stax.Dense(8, bStd: -1)", "Dense(8, wStd: 1, bStd: -1): bStd must be non-negative and finite, got -1.")]
    [InlineData("Stax.Dense(0)", "Dense(0, wStd: 1, bStd: null): outDim must be at least 1, got 0.")]
    [InlineData("Stax.Monomial(9)", "Monomial(9): degree must be between 0 and 5, got 9.")]
    [InlineData("Stax.Rbf(-2)", "Rbf(-2): gamma must be non-negative and finite, got -2.")]
    [InlineData("Stax.FanOut(0)", "FanOut(0): the number of branches must be at least 1, got 0.")]
    [InlineData("Stax.Repeat(0, Stax.Relu())", "Repeat needs at least one copy, got 0.")]
    [InlineData("Stax.ElementwiseNumerical(Math.Tanh, 0)", "ElementwiseNumerical(degree=0): degree must be between 1 and 1000, got 0.")]
    [InlineData("Stax.Conv(4, new[] { 3, 3 }, new[] { 1 })", "Conv(4, filter: (3, 3), strides: (1,), VALID, wStd: 1, bStd: null): strides must have one entry per spatial axis of the filter (2), got 1.")]
    [InlineData("Stax.Conv(4, new[] { 3 }, wStd: -1)", "Conv(4, filter: (3,), strides: (1,), VALID, wStd: -1, bStd: null): wStd must be positive and finite, got -1.")]
    [InlineData("Stax.AvgPool(new[] { 2, 0 })", "AvgPool(window: (2, 0), strides: (1, 1), VALID): window axis 1 must be at least 1, got 0.")]
    [InlineData("Stax.SumPool(new[] { 2 }, new[] { 0 })", "SumPool(window: (2,), strides: (0,), VALID): stride 0 must be at least 1, got 0.")]
    [InlineData("Stax.LayerNorm(-1e-3)", "LayerNorm(epsilon: -0.001): epsilon must be non-negative and finite, got -0.001.")]
    [InlineData("Stax.ConvTranspose(4, new[] { 3 }, wStd: -1)", "ConvTranspose(4, filter: (3,), strides: (1,), VALID, wStd: -1, bStd: null): wStd must be positive and finite, got -1.")]
    [InlineData("Stax.ImageResize(new[] { -1, 0, -1 }, ResizeMethod.Nearest)", "ImageResize(shape: (-1, 0, -1), NEAREST): every entry of shape must be positive or -1 (keep the axis), got (-1, 0, -1).")]
    public void NT0004_flags_a_hyperparameter_out_of_its_domain(string call, string message)
    {
        var diagnostic = Single(AnalyzerHarness.Program($"return {call};"), "NT0004", call);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("Stax.Dense(8, wStd: 1.5, bStd: 0.05)")]
    [InlineData("Stax.Monomial(3)")]
    [InlineData("Stax.Rbf(2)")]
    [InlineData("Stax.FanOut(2)")]
    [InlineData("Stax.Repeat(2, Stax.Relu())")]
    [InlineData("Stax.ElementwiseNumerical(Math.Tanh, 32)")]
    [InlineData("Stax.Conv(4, new[] { 3, 3 }, new[] { 1, 1 })")]
    [InlineData("Stax.AvgPool(new[] { 2, 2 })")]
    [InlineData("Stax.SumPool(new[] { 2 }, new[] { 2 })")]
    [InlineData("Stax.LayerNorm(1e-3)")]
    [InlineData("Stax.ConvTranspose(4, new[] { 3, 3 }, new[] { 2, 2 })")]
    [InlineData("Stax.ImageResize(new[] { -1, 8, -1 }, ResizeMethod.Linear)")]
    [InlineData("Stax.DotGeneral(new[] { 1.0, 2.0 }, 1)")]
    [InlineData("Stax.Index(AxisIndex.All, AxisIndex.Slice(1, 3))")]
    [InlineData("Stax.Dense(Environment.ProcessorCount - 100)")]
    public void NT0004_fixed_or_run_time_hyperparameters_are_silent(string call) => Silent(AnalyzerHarness.Program($"return {call};"));

    [Fact]
    public void NT0006_elementwise_without_a_dual_has_no_kernel()
    {
        const string call = "Stax.Elementwise(Math.Tanh, null!)";
        var diagnostic = Single(AnalyzerHarness.Program($"return {call};"), "NT0006", call);
        Assert.Equal("Stax.Elementwise is given no NNGP dual (nngp: null), so the layer has no infinite-width kernel; pass the dual, or use Stax.ElementwiseNumerical(fn, degree) to integrate fn by Gauss–Hermite quadrature.",
            diagnostic.GetMessage());
    }

    [Fact]
    public void NT0006_fixed_with_quadrature_is_silent() => Silent(AnalyzerHarness.Program("return Stax.ElementwiseNumerical(Math.Tanh, 16);"));

    [Fact]
    public void NT0008_width_scalings_that_do_not_chain_flag_the_later_layer()
    {
        const string later = "Stax.Dense(4, parameterization: Parameterization.Standard, widthScaleIn: 3)";
        var diagnostic = Single(AnalyzerHarness.Program(
            $"return Stax.Serial(Stax.Dense(8, parameterization: Parameterization.Standard, widthScaleOut: 2), Stax.Relu(), {later});"), "NT0008", later);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("Dense(4, wStd: 1, bStd: null, standard, s: (3, 1)) has widthScaleIn 3, but the layer before it (Dense(8, wStd: 1, bStd: null, standard, s: (1, 2))) widens its output by 2; under the standard parameterization each layer's widthScaleIn must equal the previous layer's widthScaleOut, or the network does not converge to the kernel as it widens.",
            diagnostic.GetMessage());
    }

    [Fact]
    public void NT0008_fixed_scalings_are_silent() => Silent(AnalyzerHarness.Program(
        "return Stax.Serial(Stax.Dense(8, parameterization: Parameterization.Standard, widthScaleOut: 2), Stax.Relu(), Stax.Dense(4, parameterization: Parameterization.Standard, widthScaleIn: 2));"));

    private const string AttributeStack = """
        using NeuralTangents;

        [Network(InputShape = new[] { 4 })]
        [Dense(8, Parameterization = Parameterization.Standard, WidthScaleOut = 2)]
        [Relu]
        [Dense(4, Parameterization = Parameterization.Standard, WidthScaleIn = SCALE)]
        public static partial class Net
        {
        }
        """;

    [Fact]
    public void NT0008_in_an_attribute_stack_flags_the_attribute()
    {
        var diagnostic = Single(AttributeStack.Replace("SCALE", "1"), "NT0008",
            "Dense(4, Parameterization = Parameterization.Standard, WidthScaleIn = 1)");
        Assert.Contains("has widthScaleIn 1", diagnostic.GetMessage());
    }

    [Fact]
    public void NT0008_fixed_attribute_stack_is_silent() => Silent(AttributeStack.Replace("SCALE", "2"));

    private const string FluentNetwork = """
        using NeuralTangents;

        [Network(InputShape = new[] { 4 })]
        public static partial class Net
        {
            static ILayer Architecture => Stax.Serial(Stax.Dense(8, wStd: 0), Stax.Relu(), Stax.Relu());
        }
        """;

    [Fact]
    public void Inside_a_network_class_the_analyzer_reports_the_first_broken_rule_once_and_the_generator_nothing()
    {
        // The Dense's wStd (NT0004) and the second Relu (NT0001) are both wrong; the whole network is checked once, with
        // the first broken rule, reported at the call that breaks it, not again by the per-call checks.
        var compilation = AnalyzerHarness.Compile(FluentNetwork);
        var diagnostic = Assert.Single(AnalyzerHarness.AnalyzeCompilation(compilation));
        Assert.Equal("NT0004", diagnostic.Id);
        Assert.Equal("Stax.Dense(8, wStd: 0)", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        var (generated, exception) = AnalyzerHarness.Generate(compilation);
        Assert.Null(exception);
        Assert.Empty(generated);
    }

    private const string ImageMlp = """
        using NeuralTangents;

        [Network(InputShape = new[] { 28, 28, 1 })]
        FLATTEN[Dense(64)]
        [Relu]
        [Dense(10)]
        public static partial class ImageMlp
        {
        }
        """;

    [Fact]
    public void NT0009_an_mlp_on_images_without_flatten_keeps_spatial_axes_to_its_output()
    {
        string source = ImageMlp.Replace("FLATTEN", "");
        var compilation = AnalyzerHarness.Compile(source);
        var (generated, exception) = AnalyzerHarness.Generate(compilation);
        Assert.Null(exception);
        Assert.Empty(generated);
        var diagnostic = Assert.Single(AnalyzerHarness.AnalyzeCompilation(compilation));
        Assert.Equal("NT0009", diagnostic.Id);
        // The network is valid (each Dense acts on the channels of every pixel) and its kernel exists, so a warning, at the
        // layer that gives the output, with the [Network] attribute (whose input shape has the spatial axes) as the other place.
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("Dense(10)", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Equal(new[] { "Network(InputShape = new[] { 28, 28, 1 })" },
            diagnostic.AdditionalLocations.Select(l => l.SourceTree!.GetText().ToString(l.SourceSpan)));
        Assert.StartsWith("Serial(Dense(64, wStd: 1, bStd: null), Relu, Dense(10, wStd: 1, bStd: null)) outputs activations with spatial axes (shape (-1, 28, 28, 10)), so its kernel keeps them: 784 × 784 position pairs per pair of items (Neural Tangents' full form; 784 with KernelOptions.DiagonalSpatial), ",
            diagnostic.GetMessage());
        Assert.EndsWith("If an items × items kernel is meant, start the network with Flatten (to treat each input as one vector), or end its spatial part with Flatten or a global pooling layer.",
            diagnostic.GetMessage());
    }

    [Fact]
    public void NT0009_fixed_with_a_leading_flatten_is_silent()
    {
        var compilation = AnalyzerHarness.Compile(ImageMlp.Replace("FLATTEN", "[Flatten]\n"));
        Assert.Empty(AnalyzerHarness.AnalyzeCompilation(compilation));
        Assert.Empty(AnalyzerHarness.Generate(compilation).Diagnostics);
    }
}
