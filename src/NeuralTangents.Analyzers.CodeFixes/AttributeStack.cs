using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NeuralTangents.Analyzers.CodeFixes;

/// <summary>
/// The layer attributes of a <c>[Network]</c> class as the code fixes edit them: read top to bottom with the lists
/// that hold them, and a new layer attribute inserted where a fix puts it (in a shared list, or in a list of its own
/// on its own line, indented like its neighbour).
/// </summary>
internal static class AttributeStack
{
    /// <summary>One layer attribute: the list that holds it, the attribute, and its layer's name (<c>Dense</c> for <c>[Dense(…)]</c>).</summary>
    internal readonly struct Layer
    {
        public Layer(AttributeListSyntax list, AttributeSyntax attribute, string name)
        {
            List = list;
            Attribute = attribute;
            Name = name;
        }

        /// <summary>The attribute list that holds the attribute.</summary>
        public AttributeListSyntax List { get; }

        /// <summary>The attribute.</summary>
        public AttributeSyntax Attribute { get; }

        /// <summary>The layer's name: the attribute class's name without <c>Attribute</c>.</summary>
        public string Name { get; }
    }

    /// <summary>The layer attributes of <paramref name="declaration"/>, top to bottom.</summary>
    public static IReadOnlyList<Layer> Layers(ClassDeclarationSyntax declaration, SemanticModel model, CancellationToken cancellation)
    {
        var layers = new List<Layer>();
        foreach (var list in declaration.AttributeLists)
            foreach (var attribute in list.Attributes)
            {
                var type = model.GetTypeInfo(attribute, cancellation).Type;
                for (var baseType = type?.BaseType; baseType is not null; baseType = baseType.BaseType)
                    if (baseType.ToDisplayString() == "NeuralTangents.LayerAttribute")
                    {
                        string name = type!.Name.EndsWith("Attribute", System.StringComparison.Ordinal) ? type.Name.Substring(0, type.Name.Length - "Attribute".Length) : type.Name;
                        layers.Add(new Layer(list, attribute, name));
                        break;
                    }
            }
        return layers;
    }

    /// <summary>
    /// The class with <paramref name="added"/> inserted before layer <paramref name="index"/> of <paramref name="layers"/>
    /// (after the last one when <paramref name="index"/> is their count).
    /// </summary>
    public static ClassDeclarationSyntax Insert(ClassDeclarationSyntax declaration, IReadOnlyList<Layer> layers, int index, AttributeSyntax added)
    {
        bool before = index < layers.Count;
        var anchor = before ? layers[index] : layers[layers.Count - 1];
        var list = anchor.List;
        int position = list.Attributes.IndexOf(anchor.Attribute);
        bool ownList = before ? position == 0 : position == list.Attributes.Count - 1;
        if (!ownList)
            return declaration.ReplaceNode(list, list.WithAttributes(list.Attributes.Insert(before ? position : position + 1, added)));

        // A list of its own on its own line, indented like its neighbour; a leading comment stays above the first list.
        var indentation = list.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
        var addedList = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(added)).WithTrailingTrivia(list.GetTrailingTrivia());
        var lists = declaration.AttributeLists;
        int at = lists.IndexOf(list);
        if (before)
        {
            lists = lists.Replace(list, list.WithLeadingTrivia(indentation));
            return declaration.WithAttributeLists(lists.Insert(at, addedList.WithLeadingTrivia(list.GetLeadingTrivia())));
        }
        return declaration.WithAttributeLists(lists.Insert(at + 1, addedList.WithLeadingTrivia(indentation)));
    }
}
