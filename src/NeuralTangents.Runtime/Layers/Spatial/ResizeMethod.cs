namespace NeuralTangents;

/// <summary>The interpolation of <see cref="Stax.ImageResize"/> (the two that have an infinite-width kernel in Neural Tangents).</summary>
public enum ResizeMethod
{
    /// <summary>Linear (bilinear, trilinear) interpolation; with antialiasing a wider triangle filter when downsampling.</summary>
    Linear = 0,

    /// <summary>Nearest neighbour.</summary>
    Nearest = 1,
}
