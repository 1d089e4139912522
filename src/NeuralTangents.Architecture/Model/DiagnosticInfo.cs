namespace NeuralTangents.Architecture.Model;

/// <summary>A diagnostic found while reading a declaration: its id (see the analyzers' catalog), location and message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments);
