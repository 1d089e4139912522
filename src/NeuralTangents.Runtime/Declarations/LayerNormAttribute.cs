namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: LayerNorm without learned scale or
/// shift, the same layer as <see cref="Stax.LayerNorm(double)"/> or, with <see cref="Axis"/>,
/// <see cref="Stax.LayerNorm(int[], double)"/>; e.g. <c>[LayerNorm]</c> or <c>[LayerNorm(Axis = new[] { 1, 2, -1 })]</c>.
/// </summary>
public sealed class LayerNormAttribute : LayerAttribute
{
    /// <summary>
    /// The normalized axes (must include the channel axis -1; may add spatial axes 1 … rank − 2). Null (the
    /// default) normalizes over the channel axis only.
    /// </summary>
    public int[]? Axis { get; set; }

    /// <summary>Added to the variance (non-negative); 1e-12 by default.</summary>
    public double Epsilon { get; set; } = 1e-12;
}
