namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: |x|; the same layer as <see cref="Stax.Abs"/>.
/// </summary>
public sealed class AbsAttribute : LayerAttribute
{
}
