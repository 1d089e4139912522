namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: the sum over a sliding window of each channel, the same
/// layer as <see cref="Stax.SumPool"/>, e.g. <c>[SumPool(new[] { 2, 2 }, Strides = new[] { 2, 2 })]</c>.
/// </summary>
public sealed class SumPoolAttribute : LayerAttribute
{
    /// <summary>Declares the layer with a window of <paramref name="window"/>.</summary>
    /// <param name="window">Window per spatial axis (1 to 3 axes).</param>
    public SumPoolAttribute(int[] window) => Window = window;

    /// <summary>Window per spatial axis.</summary>
    public int[] Window { get; }

    /// <summary>Stride per spatial axis; null (the default) means 1 on every axis, as in Neural Tangents.</summary>
    public int[]? Strides { get; set; }

    /// <summary>VALID (default), SAME or CIRCULAR.</summary>
    public Padding Padding { get; set; } = Padding.Valid;
}
