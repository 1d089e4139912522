namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: max(x, 0); the same layer as <see cref="Stax.Relu"/>.
/// </summary>
public sealed class ReluAttribute : LayerAttribute
{
}
