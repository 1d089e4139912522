using NeuralTangents.Rules;

namespace NeuralTangents.Architecture.Model;

/// <summary>
/// <c>Stax.Conv(outChannels, filter, strides, padding, wStd, bStd, parameterization, widthScaleIn, widthScaleOut)</c>;
/// strides are explicit (the factory's null means ones), BStd null means no bias.
/// </summary>
internal sealed record ConvNode(int OutChannels, EquatableArray<int> Filter, EquatableArray<int> Strides, SpatialPadding Padding,
    double WStd, double? BStd, bool Standard, int WidthScaleIn, int WidthScaleOut) : LayerNode;

/// <summary><c>Stax.ConvLocal(…)</c>: Conv's arguments, with a separate filter and bias at every output position.</summary>
internal sealed record ConvLocalNode(int OutChannels, EquatableArray<int> Filter, EquatableArray<int> Strides, SpatialPadding Padding,
    double WStd, double? BStd, bool Standard, int WidthScaleIn, int WidthScaleOut) : LayerNode;

/// <summary><c>Stax.AvgPool(window, strides, padding)</c> (Average) or <c>Stax.SumPool(…)</c>; strides are explicit.</summary>
internal sealed record PoolNode(bool Average, EquatableArray<int> Window, EquatableArray<int> Strides, SpatialPadding Padding) : LayerNode;

/// <summary><c>Stax.GlobalAvgPool()</c> (Average) or <c>Stax.GlobalSumPool()</c>.</summary>
internal sealed record GlobalPoolNode(bool Average) : LayerNode;

/// <summary><c>Stax.ConvTranspose(…)</c>: Conv's arguments, a transposed convolution (upsampling by the strides).</summary>
internal sealed record ConvTransposeNode(int OutChannels, EquatableArray<int> Filter, EquatableArray<int> Strides, SpatialPadding Padding,
    double WStd, double? BStd, bool Standard, int WidthScaleIn, int WidthScaleOut) : LayerNode;
