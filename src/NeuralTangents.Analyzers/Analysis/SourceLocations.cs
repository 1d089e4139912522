using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Parsing;

namespace NeuralTangents.Analyzers.Analysis;

/// <summary>
/// Turns the parser's plain-value locations back into locations in the compilation's syntax trees. A location in a
/// tree (not a bare file path and span) is what lets <c>#pragma warning disable</c> and a tree's <c>.editorconfig</c>
/// options apply to the diagnostic.
/// </summary>
internal static class SourceLocations
{
    /// <summary>The location of <paramref name="info"/> in the tree of <paramref name="compilation"/> with its file path, or a file location when no tree has it.</summary>
    public static Location Of(LocationInfo? info, Compilation compilation)
    {
        if (info is null) return Location.None;
        var tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == info.FilePath);
        return tree is not null && info.Start + info.Length <= tree.Length
            ? Location.Create(tree, new TextSpan(info.Start, info.Length))
            : info.ToLocation();
    }
}
