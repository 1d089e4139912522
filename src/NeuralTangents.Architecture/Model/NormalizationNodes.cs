namespace NeuralTangents.Architecture.Model;

/// <summary>
/// <c>Stax.LayerNorm(epsilon)</c> (Axes null: the channel axis only) or <c>Stax.LayerNorm(axis, epsilon)</c>
/// (Axes as given, negative indices counting from the end).
/// </summary>
internal sealed record LayerNormNode(EquatableArray<int>? Axes, double Epsilon) : LayerNode;
