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
            // The analyzer reports NT0009 at the class name of the [Network] class.
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } declaration)
                continue;
            var layers = LayerAttributes(declaration, model, context.CancellationToken);
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

    /// <summary>The layer attributes of the class, top to bottom, with their lists.</summary>
    private static List<(AttributeListSyntax List, AttributeSyntax Attribute, string Layer)> LayerAttributes(
        ClassDeclarationSyntax declaration, SemanticModel model, CancellationToken cancellation)
    {
        var layers = new List<(AttributeListSyntax, AttributeSyntax, string)>();
        foreach (var list in declaration.AttributeLists)
            foreach (var attribute in list.Attributes)
            {
                var type = model.GetTypeInfo(attribute, cancellation).Type;
                for (var baseType = type?.BaseType; baseType is not null; baseType = baseType.BaseType)
                    if (baseType.ToDisplayString() == "NeuralTangents.LayerAttribute")
                    {
                        string name = type!.Name.EndsWith("Attribute", System.StringComparison.Ordinal) ? type.Name.Substring(0, type.Name.Length - "Attribute".Length) : type.Name;
                        layers.Add((list, attribute, name));
                        break;
                    }
            }
        return layers;
    }

    /// <summary>The class with <c>[Flatten]</c> inserted into its attribute stack.</summary>
    private static ClassDeclarationSyntax WithFlattenAttribute(ClassDeclarationSyntax declaration,
        List<(AttributeListSyntax List, AttributeSyntax Attribute, string Layer)> layers)
    {
        int index = FlattenIndex(layers.Select(l => (string?)l.Layer).ToList());
        var flatten = SyntaxFactory.Attribute(SyntaxFactory.IdentifierName("Flatten"));
        bool before = index < layers.Count;
        var (list, anchor, _) = before ? layers[index] : layers[layers.Count - 1];
        int position = list.Attributes.IndexOf(anchor);
        bool ownList = before ? position == 0 : position == list.Attributes.Count - 1;
        if (!ownList)
            return declaration.ReplaceNode(list, list.WithAttributes(list.Attributes.Insert(before ? position : position + 1, flatten)));

        // A list of its own on its own line, indented like its neighbour; a leading comment stays above the first list.
        var indentation = list.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
        var added = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(flatten)).WithTrailingTrivia(list.GetTrailingTrivia());
        var lists = declaration.AttributeLists;
        int at = lists.IndexOf(list);
        if (before)
        {
            lists = lists.Replace(list, list.WithLeadingTrivia(indentation));
            return declaration.WithAttributeLists(lists.Insert(at, added.WithLeadingTrivia(list.GetLeadingTrivia())));
        }
        return declaration.WithAttributeLists(lists.Insert(at + 1, added.WithLeadingTrivia(indentation)));
    }

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
