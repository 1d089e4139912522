namespace NeuralTangents;

/// <summary>
/// The arguments the convolution-family attributes share (<see cref="ConvAttribute"/>, <see cref="ConvLocalAttribute"/>,
/// <see cref="ConvTransposeAttribute"/>): output channels, window, strides, padding and the weight and bias scales.
/// </summary>
public abstract class ConvolutionLayerAttribute : LayerAttribute
{
    /// <summary>Stores the output channels and the window.</summary>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="filter">Window per spatial axis, e.g. <c>new[] { 3, 3 }</c>.</param>
    protected ConvolutionLayerAttribute(int outChannels, int[] filter)
    {
        OutChannels = outChannels;
        Filter = filter;
    }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Window per spatial axis (1 to 3 axes), e.g. <c>new[] { 3, 3 }</c>.</summary>
    public int[] Filter { get; }

    /// <summary>Stride per spatial axis; null (the default) means 1 on every axis.</summary>
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
