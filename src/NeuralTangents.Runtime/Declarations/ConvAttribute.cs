namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: a convolution over 1 to 3 spatial axes (inputs are (batch, spatial…, channels)), the same layer as
/// <see cref="Stax.Conv"/>, e.g. <c>[Conv(16, new[] { 3, 3 }, Padding = Padding.Same)]</c>.
/// </summary>
public sealed class ConvAttribute : ConvolutionLayerAttribute
{
    /// <summary>Declares the layer with <paramref name="outChannels"/> output channels and a window of <paramref name="filter"/>.</summary>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="filter">Window per spatial axis, e.g. <c>new[] { 3, 3 }</c>.</param>
    public ConvAttribute(int outChannels, int[] filter)
        : base(outChannels, filter)
    {
    }
}
