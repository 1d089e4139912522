namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: Dropout, the same layer as
/// <see cref="Stax.Dropout"/>, e.g. <c>[Dropout(0.9)]</c> or <c>[Dropout(0.9, Mode = DropoutMode.Test)]</c>.
/// </summary>
public sealed class DropoutAttribute : LayerAttribute
{
    /// <summary>Declares the layer with keep probability <paramref name="rate"/>.</summary>
    /// <param name="rate">The keep probability, in (0, 1] (Neural Tangents' <c>rate</c>).</param>
    public DropoutAttribute(double rate) => Rate = rate;

    /// <summary>The keep probability.</summary>
    public double Rate { get; }

    /// <summary>Train (default: drop units) or Test (the identity).</summary>
    public DropoutMode Mode { get; set; } = DropoutMode.Train;
}
