namespace NeuralTangents.Architecture.Parsing;

/// <summary>An enum constant met while evaluating a declaration: its type, member name (when it names one) and value.</summary>
internal sealed record EnumValue(string Type, string? Member, long Value);
