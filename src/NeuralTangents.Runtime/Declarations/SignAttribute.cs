namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: sign(x); the same layer as <see cref="Stax.Sign"/>.
/// </summary>
public sealed class SignAttribute : LayerAttribute
{
}
