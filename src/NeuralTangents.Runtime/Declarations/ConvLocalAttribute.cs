namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: a locally connected layer (a convolution with its own filter and bias at every output position), the same layer as
/// <see cref="Stax.ConvLocal"/>, e.g. <c>[ConvLocal(16, new[] { 3, 3 })]</c>.
/// </summary>
public sealed class ConvLocalAttribute : ConvolutionLayerAttribute
{
    /// <summary>Declares the layer with <paramref name="outChannels"/> output channels and a window of <paramref name="filter"/>.</summary>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="filter">Window per spatial axis, e.g. <c>new[] { 3, 3 }</c>.</param>
    public ConvLocalAttribute(int outChannels, int[] filter)
        : base(outChannels, filter)
    {
    }
}
