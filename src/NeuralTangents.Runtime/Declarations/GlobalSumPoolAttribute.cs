namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: the sum over every spatial axis,
/// (batch, spatial…, C) → (batch, C); the same layer as <see cref="Stax.GlobalSumPool"/>.
/// </summary>
public sealed class GlobalSumPoolAttribute : LayerAttribute
{
}
