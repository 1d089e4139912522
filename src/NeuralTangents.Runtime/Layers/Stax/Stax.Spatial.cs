using NeuralTangents.Layers.Spatial;

namespace NeuralTangents;

/// <summary>Convolution and pooling over 1 to 3 spatial axes (activations are (batch, spatial…, channels)).</summary>
public static partial class Stax
{
    /// <summary>
    /// A convolution with <paramref name="outChannels"/> output channels (Neural Tangents' <c>Conv</c>); the number
    /// of spatial axes is the length of <paramref name="filter"/>.
    /// </summary>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="filter">Window per spatial axis, e.g. {3, 3}.</param>
    /// <param name="strides">Stride per spatial axis; null means 1 everywhere.</param>
    /// <param name="padding">VALID, SAME or CIRCULAR.</param>
    /// <param name="wStd">Weight standard deviation σ_w (positive).</param>
    /// <param name="bStd">Bias standard deviation σ_b; null means no bias.</param>
    /// <param name="parameterization">NTK (default) or standard parameterization.</param>
    /// <param name="widthScaleIn">s0 of the standard parameterization.</param>
    /// <param name="widthScaleOut">s1 of the standard parameterization.</param>
    /// <exception cref="NetworkDefinitionException">A hyperparameter is out of its domain (id NT0004).</exception>
    public static ILayer Conv(int outChannels, int[] filter, int[]? strides = null, Padding padding = Padding.Valid, double wStd = 1.0, double? bStd = null,
        Parameterization parameterization = Parameterization.Ntk, int widthScaleIn = 1, int widthScaleOut = 1)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Made(new Conv(outChannels, filter, strides ?? Ones(filter.Length), padding, wStd, bStd, parameterization, widthScaleIn, widthScaleOut),
            [outChannels, filter, strides, padding, wStd, bStd, parameterization, widthScaleIn, widthScaleOut]);
    }

    /// <summary>
    /// A transposed convolution (Neural Tangents' <c>ConvTranspose</c>, JAX's <c>conv_transpose</c>): upsampling by the
    /// strides, output size in·s (SAME, CIRCULAR) or in·s + max(k − s, 0) (VALID) per axis; arguments as for
    /// <see cref="Conv"/>, fan-in C_in·|filter|. Its kernel maps the diagonal-spatial form to itself, like Conv's.
    /// </summary>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="filter">Window per spatial axis, e.g. {3, 3}.</param>
    /// <param name="strides">Stride (upsampling factor) per spatial axis; null means 1 everywhere.</param>
    /// <param name="padding">VALID, SAME or CIRCULAR (the VALID result folded onto in·s positions, as a torus).</param>
    /// <param name="wStd">Weight standard deviation σ_w (positive).</param>
    /// <param name="bStd">Bias standard deviation σ_b; null means no bias.</param>
    /// <param name="parameterization">NTK (default) or standard parameterization.</param>
    /// <param name="widthScaleIn">s0 of the standard parameterization.</param>
    /// <param name="widthScaleOut">s1 of the standard parameterization.</param>
    /// <exception cref="NetworkDefinitionException">A hyperparameter is out of its domain (id NT0004).</exception>
    public static ILayer ConvTranspose(int outChannels, int[] filter, int[]? strides = null, Padding padding = Padding.Valid, double wStd = 1.0, double? bStd = null,
        Parameterization parameterization = Parameterization.Ntk, int widthScaleIn = 1, int widthScaleOut = 1)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Made(new Conv(outChannels, filter, strides ?? Ones(filter.Length), padding, wStd, bStd, parameterization, widthScaleIn, widthScaleOut, transposed: true),
            [outChannels, filter, strides, padding, wStd, bStd, parameterization, widthScaleIn, widthScaleOut]);
    }

    /// <summary>
    /// A locally connected layer (Neural Tangents' <c>ConvLocal</c>): a convolution with a separate filter and bias
    /// at every output position (arguments as for <see cref="Conv"/>). Its kernel keeps only the same-position
    /// covariances: entries of two different positions are zero.
    /// </summary>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="filter">Window per spatial axis, e.g. {3, 3}.</param>
    /// <param name="strides">Stride per spatial axis; null means 1 everywhere.</param>
    /// <param name="padding">VALID, SAME or CIRCULAR.</param>
    /// <param name="wStd">Weight standard deviation σ_w (positive).</param>
    /// <param name="bStd">Bias standard deviation σ_b; null means no bias.</param>
    /// <param name="parameterization">NTK (default) or standard parameterization.</param>
    /// <param name="widthScaleIn">s0 of the standard parameterization.</param>
    /// <param name="widthScaleOut">s1 of the standard parameterization.</param>
    /// <exception cref="NetworkDefinitionException">A hyperparameter is out of its domain (id NT0004).</exception>
    public static ILayer ConvLocal(int outChannels, int[] filter, int[]? strides = null, Padding padding = Padding.Valid, double wStd = 1.0, double? bStd = null,
        Parameterization parameterization = Parameterization.Ntk, int widthScaleIn = 1, int widthScaleOut = 1)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Made(new ConvLocal(outChannels, filter, strides ?? Ones(filter.Length), padding, wStd, bStd, parameterization, widthScaleIn, widthScaleOut),
            [outChannels, filter, strides, padding, wStd, bStd, parameterization, widthScaleIn, widthScaleOut]);
    }

    /// <summary>Average pooling over <paramref name="window"/> (strides default to 1, as in Neural Tangents).</summary>
    /// <exception cref="NetworkDefinitionException">A hyperparameter is out of its domain (id NT0004).</exception>
    public static ILayer AvgPool(int[] window, int[]? strides = null, Padding padding = Padding.Valid)
    {
        ArgumentNullException.ThrowIfNull(window);
        return Made(new Pool(average: true, window, strides ?? Ones(window.Length), padding), [window, strides, padding]);
    }

    /// <summary>Sum pooling over <paramref name="window"/> (strides default to 1).</summary>
    /// <exception cref="NetworkDefinitionException">A hyperparameter is out of its domain (id NT0004).</exception>
    public static ILayer SumPool(int[] window, int[]? strides = null, Padding padding = Padding.Valid)
    {
        ArgumentNullException.ThrowIfNull(window);
        return Made(new Pool(average: false, window, strides ?? Ones(window.Length), padding), [window, strides, padding]);
    }

    /// <summary>The mean over every spatial axis: (batch, spatial…, C) → (batch, C).</summary>
    public static ILayer GlobalAvgPool() => Made(new GlobalPool(average: true), []);

    /// <summary>
    /// Graph message passing (Neural Tangents' <c>Aggregate</c>): the positions of the aggregated spatial axes are the
    /// vertices of one graph per item, and each vertex becomes the weighted sum of its predecessors, y_j = Σ_i A[i, j]·x_i.
    /// The graphs are given per call (<see cref="ILayer.Apply{T}"/>'s pattern, <see cref="KernelOptions.Pattern1"/> and
    /// <see cref="KernelOptions.Pattern2"/>, Monte Carlo's patterns) as <see cref="GraphPattern"/>s, dense or as edge lists;
    /// without them the layer is the identity. The kernel needs the full spatial covariance.
    /// </summary>
    /// <param name="aggregateAxes">The spatial axes (numbered from 1 in (batch, spatial…, channels)) whose positions are the vertices; null means all of them.</param>
    /// <exception cref="NetworkDefinitionException">The axes are empty, not positive or repeated (id NT0004).</exception>
    public static ILayer Aggregate(int[]? aggregateAxes = null) => Made(new Layers.Graphs.Aggregate(aggregateAxes), [aggregateAxes]);

    /// <summary>The sum over every spatial axis: (batch, spatial…, C) → (batch, C).</summary>
    public static ILayer GlobalSumPool() => Made(new GlobalPool(average: false), []);

    private static int[] Ones(int count)
    {
        var result = new int[count];
        Array.Fill(result, 1);
        return result;
    }
}
