namespace NeuralTangents.Architecture.Model;

/// <summary>
/// A diagnostic found while reading or checking a declaration: its id (see the analyzers' catalog), location, message
/// arguments, and the other places involved (the analyzer's additional locations).
/// </summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments, EquatableArray<LocationInfo> AdditionalLocations = default);
