using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Validation;

namespace NeuralTangents.Architecture.Parsing;

/// <summary>
/// Reads a <c>[Network]</c> model class into an <see cref="ArchitectureModel"/>: the class's place, the
/// <c>[Network]</c> arguments, and the layer tree from either declaration form. Problems become diagnostics in
/// the model; the parser does not throw (except on cancellation).
/// </summary>
internal static class DeclarationParser
{
    /// <summary>The runtime's <c>[Network]</c> attribute.</summary>
    public const string NetworkAttribute = "NeuralTangents.NetworkAttribute";

    /// <summary>The member a fluent declaration defines.</summary>
    public const string ArchitectureMember = "Architecture";

    /// <summary>
    /// Parses <paramref name="type"/>, which carries <c>[Network]</c>; <paramref name="layers"/>: its layer attributes
    /// when the caller has read them already (<see cref="AttributeStackReader.ReadStack"/>), so that they are read once.
    /// </summary>
    public static ArchitectureModel Parse(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellation, IReadOnlyList<AttributeLayer>? layers = null)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var classLocation = Locations.Of(type.Locations.FirstOrDefault());
        void Invalid(LocationInfo? location, string message) =>
            diagnostics.Add(new DiagnosticInfo(DiagnosticIds.InvalidDeclaration, location, EquatableArray.Of(type.Name, message)));
        void NotEvaluable(NotEvaluableException error) =>
            diagnostics.Add(new DiagnosticInfo(DiagnosticIds.NotEvaluable, error.Location ?? classLocation, EquatableArray.Of(error.Expression, error.Reason, type.Name)));

        var network = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == NetworkAttribute);
        // Diagnostics about the declaration as a whole go to the [Network] attribute, whose arguments state it.
        var networkLocation = Locations.Of(network?.ApplicationSyntaxReference?.GetSyntax(cancellation)) ?? classLocation;
        var inputShape = new List<int>();
        bool float64 = false;
        if (network is not null)
        {
            foreach (var named in network.NamedArguments)
            {
                if (named.Key == "InputShape" && !named.Value.IsNull)
                    inputShape.AddRange(named.Value.Values.Select(v => v.Value is int i ? i : 0));
                if (named.Key == "Precision" && named.Value.Value is int precision) float64 = precision == 1;
            }
        }
        if (inputShape.Count == 0)
            Invalid(networkLocation, "declare the shape of one input item, e.g. [Network(InputShape = new[] { 784 })]");
        else if (inputShape.Any(axis => axis < 1))
            Invalid(networkLocation, $"every axis of InputShape must be at least 1, got ({string.Join(", ", inputShape)})");

        foreach (var declaration in type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellation)).OfType<TypeDeclarationSyntax>())
            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                Invalid(Locations.Of(declaration.Identifier.GetLocation()), "the class must be partial so that the generator can add its members");
        var containing = new List<string>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            var syntax = outer.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellation)).OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (syntax is null || !syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
                Invalid(Locations.Of(syntax?.Identifier.GetLocation()) ?? classLocation, $"the enclosing type {outer.Name} must be partial too");
            containing.Insert(0, Header(outer));
        }

        var layerAttributes = type.GetAttributes().Where(AttributeStackReader.IsLayer).ToList();
        var member = type.GetMembers(ArchitectureMember).FirstOrDefault(m => m is IPropertySymbol or IFieldSymbol);
        var form = layerAttributes.Count > 0 ? DeclarationForm.Attributes : DeclarationForm.Fluent;
        LayerNode? root = null;
        var spans = new List<LayerSpan>();

        if (layerAttributes.Count > 0 && member is not null)
            Invalid(Locations.Of(member.Locations.FirstOrDefault()), "declare the layers either as attributes or as an Architecture property, not both");
        else if (layerAttributes.Count == 0 && member is null)
            Invalid(networkLocation, "declare the layers as attributes ([Dense(…)], [Relu] …) or as a static property 'Architecture' returning a Stax expression");
        else if (member is not null && !member.IsStatic)
            Invalid(Locations.Of(member.Locations.FirstOrDefault()), "the Architecture property must be static");
        else if (form == DeclarationForm.Attributes)
        {
            var stack = layers ?? AttributeStackReader.ReadStack(type, compilation);
            // The first attribute that cannot be evaluated is reported; the class then falls back as a whole.
            if (stack.Select(layer => layer.Error).FirstOrDefault(error => error is not null) is { } error)
                NotEvaluable(error);
            else
            {
                root = new SerialNode(stack.Select(layer => layer.Node!).ToEquatableArray());
                for (int i = 0; i < stack.Count; i++)
                    if (Locations.Of(stack[i].Attribute.ApplicationSyntaxReference?.GetSyntax(cancellation)) is { } written)
                        spans.Add(new LayerSpan(ArchitectureValidator.Child("", i), written, EquatableArray<LocationInfo>.Empty));
            }
        }
        else
        {
            try
            {
                var evaluator = new FluentEvaluator(compilation, cancellation);
                root = AsLayer(evaluator.EvaluateBody(member!.DeclaringSyntaxReferences.First().GetSyntax(cancellation), new Dictionary<string, object?>(), 0), member!);
                spans.AddRange(evaluator.Spans(root));
            }
            catch (NotEvaluableException error)
            {
                NotEvaluable(error);
            }
        }

        return new ArchitectureModel(
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "",
            containing.ToEquatableArray(),
            type.Name + TypeParameters(type),
            type.IsStatic,
            form,
            inputShape.ToEquatableArray(),
            float64,
            diagnostics.Count == 0 ? root : null,
            diagnostics.ToEquatableArray(),
            classLocation,
            diagnostics.Count == 0 && root is not null ? spans.ToEquatableArray() : EquatableArray<LayerSpan>.Empty,
            networkLocation);
    }

    private static LayerNode AsLayer(object? value, ISymbol member) => value as LayerNode
        ?? throw new NotEvaluableException(member.Name, "it does not evaluate to a layer", Locations.Of(member.Locations.FirstOrDefault()));

    private static string Header(INamedTypeSymbol type)
    {
        string keyword = type.IsRecord ? (type.IsValueType ? "record struct" : "record") : type.TypeKind switch
        {
            TypeKind.Struct => "struct",
            TypeKind.Interface => "interface",
            _ => "class",
        };
        return (type.IsStatic ? "static " : "") + "partial " + keyword + " " + type.Name + TypeParameters(type);
    }

    private static string TypeParameters(INamedTypeSymbol type) =>
        type.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">";
}
