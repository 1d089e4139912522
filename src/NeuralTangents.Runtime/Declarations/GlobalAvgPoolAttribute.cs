namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: the mean over every spatial axis,
/// (batch, spatial…, C) → (batch, C); the same layer as <see cref="Stax.GlobalAvgPool"/>.
/// </summary>
public sealed class GlobalAvgPoolAttribute : LayerAttribute
{
}
