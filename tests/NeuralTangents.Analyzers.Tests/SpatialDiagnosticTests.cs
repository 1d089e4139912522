using Microsoft.CodeAnalysis;
using NeuralTangents.Analyzers.Tests.Support;

namespace NeuralTangents.Analyzers.Tests;

/// <summary>
/// Diagnostics of spatial networks in <c>[Network]</c> classes: the shape errors the analyzer reports from the shared
/// spatial rules (NT0002, NT0004), and the analyzer's warnings that need the input shape (NT0010 strided VALID windows,
/// NT0011 full pixel-pair covariance, NT0012 train-mode Dropout, NT0101 for a bad KernelBatchSize). Each with its
/// exact id, location and message, and the corrected declaration silent.
/// </summary>
public sealed class SpatialDiagnosticTests
{
    /// <summary>A fluent [Network] class with the given input shape, [Network] arguments and Serial layers.</summary>
    private static string Fluent(string inputShape, string layers, string networkArguments = "") => $$"""
        using NeuralTangents;

        [Network(InputShape = new[] { {{inputShape}} }{{networkArguments}})]
        public static partial class Net
        {
            static ILayer Architecture => Stax.Serial({{layers}});
        }
        """;

    /// <summary>Every diagnostic of the analyzer and the generator on <paramref name="source"/> (which must compile).</summary>
    private static List<Diagnostic> All(string source)
    {
        var compilation = AnalyzerHarness.Compile(source);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The test source does not compile: " + string.Join("; ", errors));
        var (generated, exception) = AnalyzerHarness.Generate(compilation);
        Assert.Null(exception);
        return AnalyzerHarness.AnalyzeCompilation(compilation).Concat(generated).ToList();
    }

    /// <summary>The single diagnostic of <paramref name="source"/>: its id, severity, the text it points at and its message.</summary>
    private static void Single(string source, string id, DiagnosticSeverity severity, string flagged, string message)
    {
        var diagnostic = Assert.Single(All(source));
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(severity, diagnostic.Severity);
        // At the attribute or call that causes it (never the class name): the last occurrence of the flagged text.
        Assert.Equal(source.LastIndexOf(flagged, StringComparison.Ordinal), diagnostic.Location.SourceSpan.Start);
        // The flagged text, read from the source at the reported span.
        Assert.Equal(flagged, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Equal(message, diagnostic.GetMessage());
    }

    private static void Silent(string source) => Assert.Empty(All(source).Select(d => d.ToString()));

    [Fact]
    public void NT0002_a_window_larger_than_the_input() => Single(
        Fluent("4, 4, 1", "Stax.Conv(8, new[] { 5, 5 }), Stax.Relu(), Stax.Flatten(), Stax.Dense(1)"), "NT0002", DiagnosticSeverity.Error, "Stax.Conv(8, new[] { 5, 5 })",
        "Conv(8, filter: (5, 5), strides: (1, 1), VALID, wStd: 1, bStd: null): with VALID padding spatial axis 0 (4) must be at least the filter (5); input shape (-1, 4, 4, 1). Use SAME padding or a smaller filter.");

    [Fact]
    public void NT0002_a_conv_on_items_by_features() => Single(
        Fluent("784", "Stax.Conv(8, new[] { 3, 3 }), Stax.Relu(), Stax.Flatten(), Stax.Dense(1)"), "NT0002", DiagnosticSeverity.Error, "Stax.Conv(8, new[] { 3, 3 })",
        "Conv(8, filter: (3, 3), strides: (1, 1), VALID, wStd: 1, bStd: null) has a 2-d filter, so it expects an input of rank 4 (batch, 2 spatial axes, channels), got shape (-1, 784).");

    [Fact]
    public void NT0002_a_filter_of_another_spatial_rank_than_the_input() => Single(
        Fluent("8, 8, 1", "Stax.Conv(8, new[] { 3 }), Stax.Relu(), Stax.Flatten(), Stax.Dense(1)"), "NT0002", DiagnosticSeverity.Error, "Stax.Conv(8, new[] { 3 })",
        "Conv(8, filter: (3,), strides: (1,), VALID, wStd: 1, bStd: null) has a 1-d filter, so it expects an input of rank 3 (batch, 1 spatial axes, channels), got shape (-1, 8, 8, 1).");

    [Theory]
    [InlineData("Stax.Conv(8, new[] { 3, 3 }, padding: Padding.Same)")]
    [InlineData("Stax.Conv(8, new[] { 4, 4 }, new[] { 2, 2 })")]
    [InlineData("Stax.Conv(8, new[] { 3, 3 }, new[] { 2, 2 }, Padding.Circular)")]
    public void Spatial_layers_that_fit_the_input_are_silent(string conv) =>
        Silent(Fluent("8, 8, 1", conv + ", Stax.Relu(), Stax.Flatten(), Stax.Dense(1)"));

    [Fact]
    public void Pointwise_layers_on_images_flattened_at_the_end_are_silent() =>
        Silent(Fluent("3, 4, 2", "Stax.Dense(3), Stax.Dense(64, wStd: 1.3), Stax.Erf(), Stax.Dense(8), Stax.Flatten()"));

    [Fact]
    public void NT0010_a_strided_valid_conv_flags_its_argument() => Single(
        Fluent("28, 28, 1", "Stax.Conv(8, new[] { 3, 3 }, new[] { 2, 2 }), Stax.Relu(), Stax.Flatten(), Stax.Dense(10)"), "NT0010", DiagnosticSeverity.Warning,
        "Stax.Conv(8, new[] { 3, 3 }, new[] { 2, 2 })",
        "Conv(8, filter: (3, 3), strides: (2, 2), VALID, wStd: 1, bStd: null): with VALID padding the filter never covers the end of the input (-1, 28, 28, 1): spatial axis 0 loses its last 1 of 28 positions (28 − 3 = 25 is not a multiple of the stride 2); spatial axis 1 loses its last 1 of 28 positions (28 − 3 = 25 is not a multiple of the stride 2). Those positions are ignored; use SAME padding, a stride that divides (input − filter), or crop the input.");

    [Fact]
    public void NT0010_a_pool_in_an_attribute_stack_flags_its_attribute()
    {
        const string source = """
            using NeuralTangents;

            [Network(InputShape = new[] { 9, 8, 2 }, KernelBatchSize = 1)]
            [Conv(4, new[] { 3, 3 }, Padding = Padding.Same)]
            [Relu]
            [AvgPool(new[] { 2, 2 }, Strides = new[] { 2, 2 })]
            [Flatten]
            [Dense(1)]
            public static partial class Net
            {
            }
            """;
        Single(source, "NT0010", DiagnosticSeverity.Warning, "AvgPool(new[] { 2, 2 }, Strides = new[] { 2, 2 })", "AvgPool(window: (2, 2), strides: (2, 2), VALID): with VALID padding the window never covers the end of the input (-1, 9, 8, 4): spatial axis 0 loses its last 1 of 9 positions (9 − 2 = 7 is not a multiple of the stride 2). Those positions are ignored; use SAME padding, a stride that divides (input − window), or crop the input.");
        Silent(source.Replace("{ 9, 8, 2 }", "{ 8, 8, 2 }"));
    }

    [Fact]
    public void NT0011_a_pair_beyond_the_largest_default_tile_flags_the_pool_with_the_bytes_the_runtime_plans()
    {
        // 80 × 80 positions in the full form: one pair of items needs more than the CPU engine's largest default tile.
        string source = Fluent("80, 80, 1", "Stax.Conv(4, new[] { 3, 3 }, padding: Padding.Same), Stax.Relu(), Stax.GlobalAvgPool(), Stax.Dense(1)");
        var network = Stax.Serial(Stax.Conv(4, new[] { 3, 3 }, padding: Padding.Same), Stax.Relu(), Stax.GlobalAvgPool(), Stax.Dense(1));
        var plan = KernelPlanInfo.For<float>(network, new[] { -1, 80, 80, 1 }, 1, options: new KernelOptions { MemoryBudgetBytes = 1L << 30 });
        Assert.Equal("full", plan.CovarianceForm);
        Assert.Equal(819200000, plan.BytesPerPair);
        // What the warning foretells: with the engine's largest default tile the runtime refuses even one pair.
        var refused = Assert.Throws<InsufficientMemoryException>(() =>
            KernelPlanInfo.For<float>(network, new[] { -1, 80, 80, 1 }, 1, options: new KernelOptions { MemoryBudgetBytes = 512L << 20 }));
        Assert.Contains("819200000 bytes", refused.Message);
        Single(source, "NT0011", DiagnosticSeverity.Warning, "Stax.GlobalAvgPool()",
            "GlobalAvgPool needs the full pixel-pair covariance of its input (-1, 80, 80, 4): 781.2 MiB per pair of items (float32, nngp and ntk), more than the kernel engine's largest default tile (512 MiB), so KernelFn cannot compute even one pair.");
    }

    [Theory]
    [InlineData("8, 8, 3", "Stax.Conv(16, new[] { 3, 3 }, padding: Padding.Same), Stax.Relu(), Stax.Conv(16, new[] { 3, 3 }, padding: Padding.Same), Stax.Relu(), Stax.Conv(16, new[] { 3, 3 }, padding: Padding.Same), Stax.Relu(), Stax.GlobalAvgPool(), Stax.Dense(10)", "")]
    [InlineData("32, 32, 3", "Stax.Conv(4, new[] { 3, 3 }, padding: Padding.Same), Stax.Relu(), Stax.GlobalAvgPool(), Stax.Dense(1)", ", KernelBatchSize = 40000")]
    [InlineData("80, 80, 1", "Stax.Conv(4, new[] { 3, 3 }, padding: Padding.Same), Stax.Relu(), Stax.Flatten(), Stax.Dense(1)", "")]
    public void NT0011_a_small_cnn_a_fitting_pair_or_a_flatten_is_silent(string inputShape, string layers, string arguments) =>
        Silent(Fluent(inputShape, layers, arguments));

    [Fact]
    public void NT0011_in_float64_counts_eight_bytes()
    {
        string source = Fluent("64, 64, 2", "Stax.AvgPool(new[] { 2, 2 }), Stax.Flatten(), Stax.Dense(1)", ", Precision = Precision.Float64");
        long perPair = KernelPlanInfo.For<double>(Stax.Serial(Stax.AvgPool(new[] { 2, 2 }), Stax.Flatten(), Stax.Dense(1)), new[] { -1, 64, 64, 2 }, 1,
            options: new KernelOptions { MemoryBudgetBytes = 1L << 30 }).BytesPerPair;
        Assert.True(perPair > 512L << 20 && perPair / 2 <= 512L << 20, "float64 doubles the bytes past the tile");
        var diagnostic = Assert.Single(All(source));
        Assert.Equal("NT0011", diagnostic.Id);
        Assert.Contains($": {perPair / (double)(1 << 20):G4} MiB per pair of items (float64, nngp and ntk)", diagnostic.GetMessage());
        Silent(source.Replace(", Precision = Precision.Float64", ""));
    }

    [Fact]
    public void NT0011_a_kernel_batch_beyond_one_array_flags_the_network_attribute() => Single(
        Fluent("16", "Stax.Dense(8), Stax.Relu(), Stax.Dense(1)", ", KernelBatchSize = 50000"), "NT0011", DiagnosticSeverity.Warning,
        "Network(InputShape = new[] { 16 }, KernelBatchSize = 50000)",
        "A 50000 × 50000 kernel (KernelBatchSize) has 2500000000 entries per array, more than one array holds (2147483591), so KernelFn throws for that many items; compute the kernel in row blocks (slices of x1).");

    [Fact]
    public void NT0012_train_mode_dropout_flags_its_argument() => Single(
        Fluent("16", "Stax.Dense(64), Stax.Relu(), Stax.Dropout(0.9), Stax.Dense(1)"), "NT0012", DiagnosticSeverity.Warning, "Stax.Dropout(0.9)",
        "Dropout(keep: 0.9, train) is in train mode, so the network's kernel is that of a network with random masks: the covariance of an item with itself is scaled by 1/0.9, and in nngp and ntk only when x2 is x1 (or omitted). Kernels between different sets (test against train) leave that term out, so blocks computed separately do not form one kernel. Use DropoutMode.Test for the kernel of the trained network, or suppress NT0012 if the train-mode kernel is intended.");

    [Fact]
    public void NT0012_in_a_repeated_block_is_reported_once_at_its_call()
    {
        const string repeat = "Stax.Repeat(3, Stax.Serial(Stax.Dense(64), Stax.Relu(), Stax.Dropout(0.5)))";
        var diagnostic = Assert.Single(All(Fluent("16", $"{repeat}, Stax.Dense(1)")));
        Assert.Equal("NT0012", diagnostic.Id);
        Assert.Equal("Stax.Dropout(0.5)", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public void NT0012_in_a_block_method_names_the_block_call_as_an_additional_location()
    {
        string source = Fluent("16", "Hidden(0.5), Stax.Dense(1)").Replace("    static ILayer Architecture",
            "    [Block] static ILayer Hidden(double keep) => Stax.Serial(Stax.Dense(64), Stax.Relu(), Stax.Dropout(keep));\n    static ILayer Architecture");
        var diagnostic = Assert.Single(All(source));
        Assert.Equal("NT0012", diagnostic.Id);
        Assert.Equal("Stax.Dropout(keep)", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Equal(new[] { "Hidden(0.5)" }, diagnostic.AdditionalLocations.Select(l => l.SourceTree!.GetText().ToString(l.SourceSpan)));
    }

    [Theory]
    [InlineData("Stax.Dropout(0.9, DropoutMode.Test)")]
    [InlineData("Stax.Dropout(1)")]
    public void NT0012_test_mode_or_keeping_every_unit_is_silent(string dropout) =>
        Silent(Fluent("16", $"Stax.Dense(64), Stax.Relu(), {dropout}, Stax.Dense(1)"));

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    public void NT0004_a_dropout_rate_outside_0_1_in_a_network(string rate) => Single(
        Fluent("16", $"Stax.Dense(64), Stax.Relu(), Stax.Dropout({rate}, DropoutMode.Test), Stax.Dense(1)"), "NT0004", DiagnosticSeverity.Error, $"Stax.Dropout({rate}, DropoutMode.Test)",
        $"Dropout(keep: {rate}, test): rate is the keep probability and must lie in (0, 1] (1 keeps every unit), got {rate}.");

    [Fact]
    public void NT0004_a_dropout_rate_outside_0_1_elsewhere_flags_the_call()
    {
        string source = AnalyzerHarness.Program("return Stax.Dropout(0);");
        var diagnostic = Assert.Single(AnalyzerHarness.Analyze(source));
        Assert.Equal("NT0004", diagnostic.Id);
        Assert.Equal("Stax.Dropout(0)", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Equal("Dropout(keep: 0, train): rate is the keep probability and must lie in (0, 1] (1 keeps every unit), got 0.", diagnostic.GetMessage());
    }

    [Fact]
    public void NT0101_a_kernel_batch_size_below_one() => Single(
        Fluent("16", "Stax.Dense(1)", ", KernelBatchSize = 0"), "NT0101", DiagnosticSeverity.Warning, "Network(InputShape = new[] { 16 }, KernelBatchSize = 0)",
        "Net: KernelBatchSize is the number of items of the kernel the memory warning assumes and must be at least 1, got 0");
}
