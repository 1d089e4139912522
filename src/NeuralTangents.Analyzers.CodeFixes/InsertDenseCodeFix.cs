using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NeuralTangents.Analyzers.CodeFixes;

/// <summary>
/// Fixes NT0001 by inserting a Dense before the nonlinearity, so that it receives a Gaussian pre-activation:
/// <c>Stax.Dense(width)</c> in a <c>Stax.Serial</c> argument list (ordinary code, or a <c>[Network]</c> class's
/// <c>Architecture</c>), <c>[Dense(width)]</c> in a <c>[Network]</c> class's attribute stack. The width is the first
/// argument of the nearest Dense before it (the network keeps its width), or 512 when there is none. Fix All applies it
/// to every NT0001 (each insertion touches its own list).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsertDenseCodeFix)), Shared]
public sealed class InsertDenseCodeFix : CodeFixProvider
{
    /// <summary>The width used when no Dense precedes the nonlinearity.</summary>
    public const string DefaultWidth = "512";

    /// <summary>The title of the code action.</summary>
    public const string Title = "Insert Stax.Dense before the nonlinearity";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("NT0001");

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            // A layer attribute of a [Network] class's stack.
            if (node?.FirstAncestorOrSelf<AttributeSyntax>() is { Parent: AttributeListSyntax { Parent: ClassDeclarationSyntax declaration } } attribute)
            {
                context.RegisterCodeFix(CodeAction.Create(Title, cancellation => InsertAttribute(context.Document, declaration, attribute, cancellation),
                    nameof(InsertDenseCodeFix)), diagnostic);
                continue;
            }
            // An argument of a Serial.
            if (node?.FirstAncestorOrSelf<ArgumentSyntax>() is not { Parent: ArgumentListSyntax } argument)
                continue;
            context.RegisterCodeFix(CodeAction.Create(Title, cancellation => Insert(context.Document, argument, cancellation), nameof(InsertDenseCodeFix)), diagnostic);
        }
    }

    private static async Task<Document> InsertAttribute(Document document, ClassDeclarationSyntax declaration, AttributeSyntax attribute, CancellationToken cancellation)
    {
        var root = await document.GetSyntaxRootAsync(cancellation).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellation).ConfigureAwait(false);
        var layers = AttributeStack.Layers(declaration, model!, cancellation);
        int index = layers.ToList().FindIndex(layer => layer.Attribute == attribute);
        if (index < 0) return document;
        // The first positional argument of the nearest [Dense(…)] above is its width.
        string width = layers.Take(index).Reverse().Where(layer => layer.Name == "Dense")
            .Select(layer => layer.Attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals is null && a.NameColon is null)?.Expression.ToString())
            .FirstOrDefault(w => w is not null) ?? DefaultWidth;
        var dense = SyntaxFactory.Attribute(SyntaxFactory.IdentifierName("Dense"),
            SyntaxFactory.ParseAttributeArgumentList("(" + width + ")"));
        return document.WithSyntaxRoot(root!.ReplaceNode(declaration, AttributeStack.Insert(declaration, layers, index, dense)));
    }

    private static async Task<Document> Insert(Document document, ArgumentSyntax argument, CancellationToken cancellation)
    {
        var root = await document.GetSyntaxRootAsync(cancellation).ConfigureAwait(false);
        var list = (ArgumentListSyntax)argument.Parent!;
        int index = list.Arguments.IndexOf(argument);
        string width = list.Arguments.Take(index).Reverse().Select(Width).FirstOrDefault(w => w is not null) ?? DefaultWidth;
        // Keep the qualifier the user wrote for the nonlinearity (Stax., NeuralTangents.Stax., or none with a using static).
        string qualifier = argument.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } ? access.Expression + "." : "";
        var dense = SyntaxFactory.Argument(SyntaxFactory.ParseExpression($"{qualifier}Dense({width})"));
        var updated = list.WithArguments(list.Arguments.Insert(index, dense));
        return document.WithSyntaxRoot(root!.ReplaceNode(list, updated));
    }

    /// <summary>The first argument of a Dense call, as written.</summary>
    private static string? Width(ArgumentSyntax argument) => argument.Expression is InvocationExpressionSyntax invocation
        && invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dense" } or IdentifierNameSyntax { Identifier.ValueText: "Dense" }
        && invocation.ArgumentList.Arguments.Count > 0
            ? invocation.ArgumentList.Arguments[0].Expression.ToString()
            : null;
}
