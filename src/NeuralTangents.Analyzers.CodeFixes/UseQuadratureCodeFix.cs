using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NeuralTangents.Analyzers.CodeFixes;

/// <summary>
/// Fixes NT0006 on a <c>Stax.Elementwise(fn, null)</c> call, a nonlinearity without an NNGP dual: replaces it by
/// <c>Stax.ElementwiseNumerical(fn, degree)</c>, whose kernel integrates <c>fn</c> by Gauss–Hermite quadrature.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseQuadratureCodeFix)), Shared]
public sealed class UseQuadratureCodeFix : CodeFixProvider
{
    /// <summary>The quadrature degree the fix writes (Neural Tangents' default for ElementwiseNumerical is of this order).</summary>
    public const int Degree = 25;

    /// <summary>The title of the code action.</summary>
    public const string Title = "Use Stax.ElementwiseNumerical (quadrature) instead";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("NT0006");

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not
                { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Elementwise" }, ArgumentList.Arguments.Count: > 0 } call)
                continue;
            context.RegisterCodeFix(CodeAction.Create(Title, cancellation => Replace(context.Document, call, cancellation), nameof(UseQuadratureCodeFix)), diagnostic);
        }
    }

    private static async Task<Document> Replace(Document document, InvocationExpressionSyntax call, CancellationToken cancellation)
    {
        var root = await document.GetSyntaxRootAsync(cancellation).ConfigureAwait(false);
        var access = (MemberAccessExpressionSyntax)call.Expression;
        // fn is the first argument (positional, or named "fn").
        ArgumentSyntax fn = call.ArgumentList.Arguments[0];
        foreach (var argument in call.ArgumentList.Arguments)
            if (argument.NameColon?.Name.Identifier.ValueText == "fn") fn = argument;
        var replacement = SyntaxFactory.ParseExpression($"{access.Expression}.ElementwiseNumerical({fn.Expression}, {Degree})").WithTriviaFrom(call);
        return document.WithSyntaxRoot(root!.ReplaceNode(call, replacement));
    }
}
