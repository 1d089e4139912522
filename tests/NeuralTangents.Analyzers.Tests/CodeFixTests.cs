using System.Collections.Immutable;
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

    private static string Apply(string source, CodeFixProvider fix, string title)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "Test", "Test", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: AnalyzerHarness.ParseOptions, metadataReferences: AnalyzerHarness.References));
        var document = workspace.AddDocument(project.Id, "Test.cs", SourceText.From(source));
        var compilation = document.Project.GetCompilationAsync().GetAwaiter().GetResult()!;
        var diagnostic = Assert.Single(AnalyzerHarness.AnalyzeCompilation(compilation));

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
}
