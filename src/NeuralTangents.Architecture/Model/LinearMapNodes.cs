using NeuralTangents.Rules;

namespace NeuralTangents.Architecture.Model;

/// <summary><c>Stax.Index(entries…)</c>: one entry per leading axis, batch first.</summary>
internal sealed record IndexNode(EquatableArray<IndexEntry> Entries) : LayerNode;

/// <summary><c>Stax.ImageResize(shape, method, antialias)</c>; -1 entries of the shape keep their axes.</summary>
internal sealed record ImageResizeNode(EquatableArray<int> Shape, ResizeKind Method, bool Antialias) : LayerNode;

/// <summary>
/// <c>Stax.DotGeneral(matrix, axis)</c> (<see cref="Vector"/> false: Rows × Columns, row-major) or
/// <c>Stax.DotGeneral(weights, axis)</c> (<see cref="Vector"/> true: one row, the axis removed).
/// </summary>
internal sealed record DotGeneralNode(EquatableArray<double> Weights, int Rows, int Columns, int Axis, bool Vector) : LayerNode;
