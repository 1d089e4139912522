using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using NeuralTangents.Analyzers.CodeFixes;
using NeuralTangents.Analyzers.Tests.Support;

namespace NeuralTangents.Analyzers.Tests;

/// <summary>Code fixes applied in an <see cref="AdhocWorkspace"/>: the exact text after the fix, and the fixed code silent.</summary>
public sealed class CodeFixTests
{
    private static string Apply(string source) => Apply(source, new InsertDenseCodeFix(), InsertDenseCodeFix.Title);

    private static string Apply(string source, CodeFixProvider fix, string title) => Apply(source, fix, title, fromGenerator: false);

    /// <summary><paramref name="source"/> as the one document, <c>Test.cs</c>, of a project in <paramref name="workspace"/>.</summary>
    private static Document Open(AdhocWorkspace workspace, string source)
    {
        var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "Test", "Test", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: AnalyzerHarness.ParseOptions, metadataReferences: AnalyzerHarness.References));
        return workspace.AddDocument(project.Id, "Test.cs", SourceText.From(source));
    }

    /// <summary>Applies the single code action <paramref name="fix"/> offers for the single diagnostic of the analyzer (or of the generator).</summary>
    private static string Apply(string source, CodeFixProvider fix, string title, bool fromGenerator)
    {
        using var workspace = new AdhocWorkspace();
        var document = Open(workspace, source);
        var compilation = document.Project.GetCompilationAsync().GetAwaiter().GetResult()!;
        var diagnostic = Assert.Single(fromGenerator ? AnalyzerHarness.Generate(compilation).Diagnostics : AnalyzerHarness.AnalyzeCompilation(compilation));

        var actions = new List<CodeAction>();
        Assert.Contains(diagnostic.Id, fix.FixableDiagnosticIds);
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        fix.RegisterCodeFixesAsync(context).GetAwaiter().GetResult();
        var action = Assert.Single(actions);
        Assert.Equal(title, action.Title);
        var operation = action.GetOperationsAsync(CancellationToken.None).GetAwaiter().GetResult().OfType<ApplyChangesOperation>().Single();
        var changed = operation.ChangedSolution.GetDocument(document.Id)!;
        return changed.GetTextAsync().GetAwaiter().GetResult().ToString();
    }

    [Fact]
    public void NT0001_fix_inserts_a_dense_of_the_preceding_width_before_the_nonlinearity()
    {
        string before = AnalyzerHarness.Program("return Stax.Serial(Stax.Dense(256, wStd: 1.5), Stax.Relu(), Stax.Erf());");
        string after = Apply(before);
        Assert.Equal(AnalyzerHarness.Program("return Stax.Serial(Stax.Dense(256, wStd: 1.5), Stax.Relu(), Stax.Dense(256), Stax.Erf());"), after);
        Assert.Empty(AnalyzerHarness.Analyze(after));
    }

    [Fact]
    public void NT0001_fix_without_a_preceding_dense_uses_the_default_width_and_the_written_qualifier()
    {
        string before = AnalyzerHarness.Program("return Stax.Serial(Stax.Sign(), NeuralTangents.Stax.Relu());");
        string after = Apply(before);
        Assert.Equal(AnalyzerHarness.Program("return Stax.Serial(Stax.Sign(), NeuralTangents.Stax.Dense(512), NeuralTangents.Stax.Relu());"), after);
        Assert.Empty(AnalyzerHarness.Analyze(after));
    }

    [Fact]
    public void NT0006_fix_replaces_an_elementwise_without_dual_by_quadrature()
    {
        string before = AnalyzerHarness.Program("return Stax.Serial(Stax.Dense(8), Stax.Elementwise(Math.Tanh, null!));");
        string after = Apply(before, new UseQuadratureCodeFix(), UseQuadratureCodeFix.Title);
        Assert.Equal(AnalyzerHarness.Program("return Stax.Serial(Stax.Dense(8), Stax.ElementwiseNumerical(Math.Tanh, 25));"), after);
        Assert.Empty(AnalyzerHarness.Analyze(after));
    }

    /// <summary>The analyzer's and the generator's diagnostics on <paramref name="source"/>.</summary>
    private static IEnumerable<string> AllDiagnostics(string source)
    {
        var compilation = AnalyzerHarness.Compile(source);
        return AnalyzerHarness.AnalyzeCompilation(compilation).Concat(AnalyzerHarness.Generate(compilation).Diagnostics).Select(d => d.ToString());
    }

    private static string ApplyFlatten(string source) => Apply(source, new InsertFlattenCodeFix(), InsertFlattenCodeFix.Title, fromGenerator: false);

    [Fact]
    public void NT0009_fix_flattens_the_image_input_of_an_attribute_mlp_first()
    {
        const string before = """
            using NeuralTangents;

            /// <summary>An MLP on images.</summary>
            [Network(InputShape = new[] { 28, 28, 1 })]
            [Dense(64)]
            [Relu]
            [Dense(10)]
            public static partial class ImageMlp
            {
            }
            """;
        string after = ApplyFlatten(before);
        Assert.Equal(before.Replace("[Dense(64)]", "[Flatten]\n[Dense(64)]"), after);
        Assert.Empty(AllDiagnostics(after));
    }

    [Fact]
    public void NT0009_fix_on_a_first_attribute_list_keeps_the_comment_above_and_joins_a_shared_list()
    {
        const string before = """
            using NeuralTangents;

            public static partial class Outer
            {
                // Two layers in one list.
                [Dense(64), Relu]
                [Dense(10)]
                [Network(InputShape = new[] { 6, 6, 2 })]
                public static partial class ImageMlp
                {
                }
            }
            """;
        string after = ApplyFlatten(before);
        Assert.Equal(before.Replace("    // Two layers in one list.\n    [Dense(64), Relu]", "    // Two layers in one list.\n    [Flatten]\n    [Dense(64), Relu]"), after);
        Assert.Empty(AllDiagnostics(after));
    }

    [Fact]
    public void NT0009_fix_inserts_stax_flatten_first_in_a_fluent_serial()
    {
        const string before = """
            using NeuralTangents;

            [Network(InputShape = new[] { 5, 5, 3 })]
            public static partial class ImageMlp
            {
                static ILayer Architecture => Stax.Serial(Stax.Dense(32, wStd: 1.5), Stax.Erf(), Stax.Dense(1));
            }
            """;
        string after = ApplyFlatten(before);
        Assert.Equal(before.Replace("Stax.Serial(Stax.Dense(32", "Stax.Serial(Stax.Flatten(), Stax.Dense(32"), after);
        Assert.Empty(AllDiagnostics(after));
    }

    [Fact]
    public void NT0009_fix_wraps_a_single_fluent_layer_in_a_serial()
    {
        const string before = """
            using NeuralTangents;

            [Network(InputShape = new[] { 4, 2 })]
            public static partial class Linear
            {
                static ILayer Architecture
                {
                    get { return Stax.Dense(3); }
                }
            }
            """;
        string after = ApplyFlatten(before);
        Assert.Equal(before.Replace("return Stax.Dense(3);", "return Stax.Serial(Stax.Flatten(), Stax.Dense(3));"), after);
        Assert.Empty(AllDiagnostics(after));
    }

    [Fact]
    public void NT0009_fix_flattens_a_cnn_after_its_convolutions_before_the_readout()
    {
        const string before = """
            using NeuralTangents;

            [Network(InputShape = new[] { 6, 6, 1 })]
            public static partial class Cnn
            {
                static ILayer Architecture => Stax.Serial(Stax.Conv(8, new[] { 3, 3 }), Stax.Relu(), Stax.Dense(10));
            }
            """;
        string after = ApplyFlatten(before);
        Assert.Equal(before.Replace("Stax.Relu(), Stax.Dense(10)", "Stax.Relu(), Stax.Flatten(), Stax.Dense(10)"), after);
        Assert.Empty(AllDiagnostics(after));
    }

    [Fact]
    public void NT0009_fix_appends_flatten_to_an_attribute_cnn_without_readout()
    {
        const string before = """
            using NeuralTangents;

            [Network(InputShape = new[] { 6, 6, 1 }, KernelBatchSize = 10)]
            [Conv(4, new[] { 3, 3 })]
            [Relu]
            [AvgPool(new[] { 2, 2 })]
            public static partial class Cnn
            {
            }
            """;
        string after = ApplyFlatten(before);
        Assert.Equal(before.Replace("[AvgPool(new[] { 2, 2 })]", "[AvgPool(new[] { 2, 2 })]\n[Flatten]"), after);
        Assert.Empty(AllDiagnostics(after));
    }

    [Theory]
    [InlineData(new[] { "Dense", "Relu", "Dense" }, 0)]
    [InlineData(new[] { "Conv", "Relu", "Dense" }, 2)]
    [InlineData(new[] { "Conv", "Relu", "AvgPool", "Erf", "Conv", "Relu" }, 6)]
    [InlineData(new[] { "Dense", "Conv", "Relu", "Dense", "Dense" }, 3)]
    public void NT0009_fix_places_flatten_after_the_last_windowed_layer(string[] layers, int index) =>
        Assert.Equal(index, InsertFlattenCodeFix.FlattenIndex(layers));

    /// <summary>
    /// Applies <paramref name="fix"/>'s Fix All to every diagnostic of the analyzer in the document, as
    /// <c>dotnet format analyzers</c> and the IDE's "Fix all occurrences" do.
    /// </summary>
    private static string FixAll(string source, CodeFixProvider fix, string id)
    {
        using var workspace = new AdhocWorkspace();
        var document = Open(workspace, source);
        var compilation = document.Project.GetCompilationAsync().GetAwaiter().GetResult()!;
        var diagnostics = AnalyzerHarness.AnalyzeCompilation(compilation).Where(d => d.Id == id).ToImmutableArray();
        Assert.True(diagnostics.Length > 1, $"the source must have several {id}, has {diagnostics.Length}");

        // The equivalence key of the action offered for the first diagnostic: Fix All applies that action everywhere.
        var actions = new List<CodeAction>();
        fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostics[0], (action, _) => actions.Add(action), CancellationToken.None)).GetAwaiter().GetResult();
        var provider = fix.GetFixAllProvider();
        Assert.NotNull(provider);
        Assert.Contains(FixAllScope.Document, provider!.GetSupportedFixAllScopes());
        var context = new FixAllContext(document, fix, FixAllScope.Document, Assert.Single(actions).EquivalenceKey, new[] { id },
            new Diagnostics(diagnostics), CancellationToken.None);
        var all = provider.GetFixAsync(context).GetAwaiter().GetResult()!;
        var operation = all.GetOperationsAsync(CancellationToken.None).GetAwaiter().GetResult().OfType<ApplyChangesOperation>().Single();
        return operation.ChangedSolution.GetDocument(document.Id)!.GetTextAsync().GetAwaiter().GetResult().ToString();
    }

    /// <summary>Gives Fix All the analyzer's diagnostics of the document.</summary>
    private sealed class Diagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(Array.Empty<Diagnostic>());
    }

    [Fact]
    public void NT0001_fix_all_inserts_a_dense_before_every_nonlinearity_of_a_serial_and_of_another_one()
    {
        string before = AnalyzerHarness.Program("""
            var a = Stax.Serial(Stax.Dense(64), Stax.Relu(), Stax.Erf(), Stax.Gelu());
                    return Stax.Serial(a, Stax.Dense(8), Stax.Relu(), Stax.Sin());
            """);
        string after = FixAll(before, new InsertDenseCodeFix(), "NT0001");
        Assert.Equal(AnalyzerHarness.Program("""
            var a = Stax.Serial(Stax.Dense(64), Stax.Relu(), Stax.Dense(64), Stax.Erf(), Stax.Dense(64), Stax.Gelu());
                    return Stax.Serial(a, Stax.Dense(8), Stax.Relu(), Stax.Dense(8), Stax.Sin());
            """), after);
        Assert.Empty(AnalyzerHarness.Analyze(after));
    }

    [Fact]
    public void NT0001_fix_inserts_a_dense_attribute_in_a_network_class()
    {
        const string before = """
            using NeuralTangents;

            [Network(InputShape = new[] { 4 })]
            [Dense(8, WStd = 1.5)]
            [Relu]
            [Erf]
            [Dense(1)]
            public static partial class Net
            {
            }
            """;
        string after = Apply(before);
        Assert.Equal(before.Replace("[Relu]\n[Erf]", "[Relu]\n[Dense(8)]\n[Erf]"), after);
        Assert.Empty(AllDiagnostics(after));
    }

    [Fact]
    public void NT0001_fix_all_fixes_every_network_class_of_the_document()
    {
        const string before = """
            using NeuralTangents;

            [Network(InputShape = new[] { 4 })]
            [Dense(8), Relu, Erf]
            [Dense(1)]
            public static partial class First
            {
            }

            [Network(InputShape = new[] { 4 })]
            public static partial class Second
            {
                static ILayer Architecture => Stax.Serial(Stax.Dense(16), Stax.Gelu(), Stax.Relu(), Stax.Dense(1));
            }
            """;
        string after = FixAll(before, new InsertDenseCodeFix(), "NT0001");
        Assert.Equal(before.Replace("[Dense(8), Relu, Erf]", "[Dense(8), Relu, Dense(8), Erf]")
            .Replace("Stax.Gelu(), Stax.Relu()", "Stax.Gelu(), Stax.Dense(16), Stax.Relu()"), after);
        Assert.Empty(AllDiagnostics(after));
    }

    [Fact]
    public void NT0006_fix_all_replaces_every_elementwise_without_dual()
    {
        string before = AnalyzerHarness.Program("return Stax.Serial(Stax.Dense(8), Stax.Elementwise(Math.Tanh, null!), Stax.Dense(8), Stax.Elementwise(fn: Math.Atan, nngp: null!));");
        string after = FixAll(before, new UseQuadratureCodeFix(), "NT0006");
        Assert.Equal(AnalyzerHarness.Program("return Stax.Serial(Stax.Dense(8), Stax.ElementwiseNumerical(Math.Tanh, 25), Stax.Dense(8), Stax.ElementwiseNumerical(Math.Atan, 25));"), after);
        Assert.Empty(AnalyzerHarness.Analyze(after));
    }

    [Fact]
    public void NT0009_fix_all_flattens_every_network_class_of_the_document()
    {
        const string before = """
            using NeuralTangents;

            [Network(InputShape = new[] { 6, 6, 1 })]
            [Dense(8)]
            [Relu]
            [Dense(1)]
            public static partial class First
            {
            }

            [Network(InputShape = new[] { 5, 5, 3 })]
            public static partial class Second
            {
                static ILayer Architecture => Stax.Serial(Stax.Dense(32), Stax.Erf(), Stax.Dense(1));
            }
            """;
        string after = FixAll(before, new InsertFlattenCodeFix(), "NT0009");
        Assert.Equal(before.Replace("[Dense(8)]", "[Flatten]\n[Dense(8)]").Replace("Stax.Serial(Stax.Dense(32)", "Stax.Serial(Stax.Flatten(), Stax.Dense(32)"), after);
        Assert.Empty(AllDiagnostics(after));
    }
}
