namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: a transposed convolution over 1 to 3 spatial axes (upsampling by the strides; inputs are (batch, spatial…, channels)), the same layer as
/// <see cref="Stax.ConvTranspose"/>, e.g. <c>[ConvTranspose(16, new[] { 3, 3 }, Strides = new[] { 2, 2 }, Padding = Padding.Same)]</c>.
/// </summary>
public sealed class ConvTransposeAttribute : LayerAttribute
{
    /// <summary>Declares the layer with <paramref name="outChannels"/> output channels and a window of <paramref name="filter"/>.</summary>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="filter">Window per spatial axis, e.g. <c>new[] { 3, 3 }</c>.</param>
    public ConvTransposeAttribute(int outChannels, int[] filter)
    {
        OutChannels = outChannels;
        Filter = filter;
    }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Window per spatial axis (1 to 3 axes), e.g. <c>new[] { 3, 3 }</c>.</summary>
    public int[] Filter { get; }

    /// <summary>Stride (upsampling factor) per spatial axis; null (the default) means 1 on every axis.</summary>
    public int[]? Strides { get; set; }

    /// <summary>VALID (default), SAME or CIRCULAR.</summary>
    public Padding Padding { get; set; } = Padding.Valid;

    /// <summary>Weight standard deviation σ_w (positive); 1 by default.</summary>
    public double WStd { get; set; } = 1.0;

    /// <summary>
    /// Bias standard deviation σ_b. Attributes cannot hold a nullable value, so NaN (the default) stands for
    /// Neural Tangents' <c>b_std=None</c>: no bias.
    /// </summary>
    public double BStd { get; set; } = double.NaN;

    /// <summary>NTK (default) or standard parameterization.</summary>
    public Parameterization Parameterization { get; set; } = Parameterization.Ntk;

    /// <summary>s0 of the standard parameterization.</summary>
    public int WidthScaleIn { get; set; } = 1;

    /// <summary>s1 of the standard parameterization.</summary>
    public int WidthScaleOut { get; set; } = 1;
}
