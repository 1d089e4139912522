namespace NeuralTangents.Generators.Tests.Models;

/// <summary>
/// A small CNN on 6×6×3 images in the fluent form, in float64: convolution blocks with pooling and a circular
/// convolution, a spatial LayerNorm, GlobalAvgPool, then a fully-connected tail fused after the spatial head.
/// </summary>
[Network(InputShape = new[] { 6, 6, 3 }, Precision = Precision.Float64)]
public static partial class CnnGlobalAvgPool
{
    internal static ILayer Architecture => Stax.Serial(
        ConvBlock(6, 1.5),
        Stax.AvgPool(new[] { 2, 2 }, new[] { 2, 2 }),
        ConvBlock(6, 1.2, Padding.Circular),
        Stax.Conv(4, new[] { 2, 2 }, padding: Padding.Same, wStd: 1.1),
        Stax.LayerNorm(new[] { 1, 2, -1 }),
        Stax.GlobalAvgPool(),
        Stax.Dense(12, 1.3, 0.1),
        Stax.Gelu(),
        Stax.Dense(1));

    /// <summary>Conv then Relu, SAME padding unless told otherwise.</summary>
    [Block]
    internal static ILayer ConvBlock(int channels, double wStd, Padding padding = Padding.Same) =>
        Stax.Serial(Stax.Conv(channels, new[] { 3, 3 }, padding: padding, wStd: wStd, bStd: 0.05), Stax.Relu());
}
