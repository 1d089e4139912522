using NeuralTangents.Layers.Normalization;

namespace NeuralTangents;

/// <summary>Normalization layers.</summary>
public static partial class Stax
{
    /// <summary>
    /// LayerNorm over the channel (last) axis without learned scale or shift: y = (x − mean)/√(var + ε) at every
    /// position. Its kernel needs a Gaussian input (put it after Dense or Conv).
    /// </summary>
    /// <exception cref="NetworkDefinitionException"><paramref name="epsilon"/> is negative or not finite (id NT0004).</exception>
    public static ILayer LayerNorm(double epsilon = 1e-12) => Made(new LayerNorm(epsilon), [epsilon]);

    /// <summary>
    /// LayerNorm over <paramref name="axis"/> (Neural Tangents' <c>LayerNorm(axis)</c>) of (batch, spatial…, channels)
    /// activations: the axes must include the channel axis (-1) and may add spatial axes (1 … rank − 2; negative
    /// indices count from the end); every combination of the other spatial coordinates is normalized separately.
    /// Its kernel needs a Gaussian input (put it after Dense or Conv).
    /// </summary>
    /// <param name="axis">The normalized axes, e.g. {1, 2, -1} for an image's height, width and channels.</param>
    /// <param name="epsilon">Added to the variance (non-negative).</param>
    /// <exception cref="ArgumentNullException"><paramref name="axis"/> is null.</exception>
    /// <exception cref="NetworkDefinitionException"><paramref name="axis"/> is empty or <paramref name="epsilon"/> is negative or not finite (id NT0004);
    /// axes out of range, repeated, naming the batch axis or lacking the channel axis are reported when the input shape is known.</exception>
    public static ILayer LayerNorm(int[] axis, double epsilon = 1e-12)
    {
        ArgumentNullException.ThrowIfNull(axis);
        return Made(new LayerNorm(epsilon, axis), [axis, epsilon]);
    }
}
