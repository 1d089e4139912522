namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: A sigmoid-like erf; the same layer as <see cref="Stax.SigmoidLike"/>.
/// </summary>
public sealed class SigmoidLikeAttribute : LayerAttribute
{
}
