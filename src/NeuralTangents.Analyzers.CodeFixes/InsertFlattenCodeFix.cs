using System.Collections.Generic;
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
/// Fixes NT0009 (a <c>[Network]</c> whose kernel output keeps the input's spatial axes) by inserting a Flatten:
/// <c>[Flatten]</c> in an attribute stack, <c>Stax.Flatten()</c> in the <c>Serial</c> of an <c>Architecture</c>
/// property. Where it goes: a network without windowed spatial layers (an MLP given images, e.g. <c>Dense</c> first)
/// flattens its input first, as Neural Tangents does with <c>channel_axis = None</c>; a network with Conv or
/// pooling layers keeps them and flattens after the last of them, before the first <c>Dense</c> that follows (or at the
/// end when none does).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsertFlattenCodeFix)), Shared]
public sealed class InsertFlattenCodeFix : CodeFixProvider
{
    /// <summary>The title of the code action.</summary>
    public const string Title = "Insert Flatten";

    /// <summary>Layers that slide a window over the spatial axes: the part of a network that needs them.</summary>
    private static readonly ImmutableHashSet<string> WindowedLayers = ImmutableHashSet.Create("Conv", "ConvLocal", "ConvTranspose", "AvgPool", "SumPool");

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("NT0009");

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            // The analyzer reports NT0009 at the last layer of the [Network] class (an attribute, or a call in its Architecture).
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } declaration)
                continue;
            var layers = AttributeStack.Layers(declaration, model, context.CancellationToken);
            SyntaxNode? updated = layers.Count > 0 ? WithFlattenAttribute(declaration, layers) : WithFlattenCall(declaration);
            if (updated is null) continue;
            context.RegisterCodeFix(CodeAction.Create(Title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(declaration, updated))),
                nameof(InsertFlattenCodeFix)), diagnostic);
        }
    }

    /// <summary>Where Flatten goes among layers named <paramref name="names"/>, top to bottom (see the class summary).</summary>
    internal static int FlattenIndex(IReadOnlyList<string?> names)
    {
        int lastWindowed = -1;
        for (int i = 0; i < names.Count; i++)
            if (names[i] is { } name && WindowedLayers.Contains(name)) lastWindowed = i;
        if (lastWindowed < 0) return 0;
        for (int i = lastWindowed + 1; i < names.Count; i++)
            if (names[i] == "Dense") return i;
        return names.Count;
    }

    /// <summary>The class with <c>[Flatten]</c> inserted into its attribute stack.</summary>
    private static ClassDeclarationSyntax WithFlattenAttribute(ClassDeclarationSyntax declaration, IReadOnlyList<AttributeStack.Layer> layers) =>
        AttributeStack.Insert(declaration, layers, FlattenIndex(layers.Select(l => (string?)l.Name).ToList()), SyntaxFactory.Attribute(SyntaxFactory.IdentifierName("Flatten")));

    /// <summary>The class with <c>Stax.Flatten()</c> inserted into the layers of its <c>Architecture</c> property, or null when they are not a <c>Stax</c> call.</summary>
    private static ClassDeclarationSyntax? WithFlattenCall(ClassDeclarationSyntax declaration)
    {
        var property = declaration.Members.OfType<PropertyDeclarationSyntax>().FirstOrDefault(p => p.Identifier.ValueText == "Architecture");
        var body = property?.ExpressionBody?.Expression
            ?? property?.AccessorList?.Accessors.FirstOrDefault(a => a.IsKind(SyntaxKind.GetAccessorDeclaration)) switch
            {
                { ExpressionBody: { } arrow } => arrow.Expression,
                { Body.Statements: { Count: 1 } statements } when statements[0] is ReturnStatementSyntax { Expression: { } returned } => returned,
                _ => null,
            };
        if (body is not InvocationExpressionSyntax call) return null;
        string qualifier = call.Expression is MemberAccessExpressionSyntax access ? access.Expression + "." : "";
        var flatten = SyntaxFactory.Argument(SyntaxFactory.ParseExpression(qualifier + "Flatten()"));
        if (MethodName(call) == "Serial")
        {
            var arguments = call.ArgumentList.Arguments;
            int index = FlattenIndex(arguments.Select(a => a.Expression is InvocationExpressionSyntax layer ? MethodName(layer) : null).ToList());
            return declaration.ReplaceNode(call.ArgumentList, call.ArgumentList.WithArguments(arguments.Insert(index, flatten)));
        }
        // A single layer: put it in a Serial with the Flatten where it belongs.
        string layer = call.WithoutTrivia().ToString(), flattenCall = qualifier + "Flatten()";
        string layers = FlattenIndex(new[] { MethodName(call) }) == 0 ? flattenCall + ", " + layer : layer + ", " + flattenCall;
        return declaration.ReplaceNode(call, SyntaxFactory.ParseExpression(qualifier + "Serial(" + layers + ")").WithTriviaFrom(call));
    }

    private static string? MethodName(InvocationExpressionSyntax call) => call.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        IdentifierNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };
}
