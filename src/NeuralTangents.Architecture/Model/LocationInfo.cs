namespace NeuralTangents.Architecture.Model;

/// <summary>
/// Where a diagnostic points, as plain values (a <c>Location</c> holds a syntax tree and would keep the
/// compilation alive in the generator's cache): the file, the character span and its line/column span.
/// </summary>
internal sealed record LocationInfo(string FilePath, int Start, int Length, int StartLine, int StartCharacter, int EndLine, int EndCharacter);
