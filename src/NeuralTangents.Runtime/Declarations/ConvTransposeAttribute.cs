namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: a transposed convolution over 1 to 3 spatial axes (upsampling by the strides; inputs are (batch, spatial…, channels)), the same layer as
/// <see cref="Stax.ConvTranspose"/>, e.g. <c>[ConvTranspose(16, new[] { 3, 3 }, Strides = new[] { 2, 2 }, Padding = Padding.Same)]</c>.
/// </summary>
public sealed class ConvTransposeAttribute : ConvolutionLayerAttribute
{
    /// <summary>Declares the layer with <paramref name="outChannels"/> output channels and a window of <paramref name="filter"/>.</summary>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="filter">Window per spatial axis, e.g. <c>new[] { 3, 3 }</c>.</param>
    public ConvTransposeAttribute(int outChannels, int[] filter)
        : base(outChannels, filter)
    {
    }
}
