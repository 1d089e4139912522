namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: Flattens every axis but the batch axis; the same layer as <see cref="Stax.Flatten"/>.
/// </summary>
public sealed class FlattenAttribute : LayerAttribute
{
}
