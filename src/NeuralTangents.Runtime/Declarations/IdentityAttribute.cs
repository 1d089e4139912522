namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: The identity; the same layer as <see cref="Stax.Identity"/>.
/// </summary>
public sealed class IdentityAttribute : LayerAttribute
{
}
