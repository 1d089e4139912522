using Microsoft.CodeAnalysis;
using NeuralTangents.Architecture.Model;

namespace NeuralTangents.Architecture.Parsing;

/// <summary>Converts Roslyn locations to and from <see cref="LocationInfo"/>.</summary>
internal static class Locations
{
    /// <summary>The plain-value form of <paramref name="node"/>'s location.</summary>
    public static LocationInfo? Of(SyntaxNode? node) => node is null ? null : Of(node.GetLocation());

    /// <summary>The plain-value form of <paramref name="location"/>, or null outside source.</summary>
    public static LocationInfo? Of(Location? location)
    {
        if (location is null || !location.IsInSource) return null;
        var lines = location.GetLineSpan();
        return new LocationInfo(lines.Path, location.SourceSpan.Start, location.SourceSpan.Length,
            lines.StartLinePosition.Line, lines.StartLinePosition.Character, lines.EndLinePosition.Line, lines.EndLinePosition.Character);
    }

    /// <summary>Back to a Roslyn location (for reporting).</summary>
    public static Location ToLocation(this LocationInfo? info) => info is null
        ? Location.None
        : Location.Create(info.FilePath, new Microsoft.CodeAnalysis.Text.TextSpan(info.Start, info.Length),
            new Microsoft.CodeAnalysis.Text.LinePositionSpan(
                new Microsoft.CodeAnalysis.Text.LinePosition(info.StartLine, info.StartCharacter),
                new Microsoft.CodeAnalysis.Text.LinePosition(info.EndLine, info.EndCharacter)));
}
