namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: e^{−x²}·sin x; the same layer as <see cref="Stax.Gabor"/>.
/// </summary>
public sealed class GaborAttribute : LayerAttribute
{
}
