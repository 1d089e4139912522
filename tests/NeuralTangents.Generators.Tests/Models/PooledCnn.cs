namespace NeuralTangents.Generators.Tests.Models;

/// <summary>
/// A CNN on 6×5×2 images whose whole kernel the pair-major plan covers with the full pixel-pair covariance: SAME
/// convolution, average pooling, a VALID convolution, Erf, GlobalAvgPool, then a fully-connected tail. Fluent form, float32.
/// </summary>
[Network(InputShape = new[] { 6, 5, 2 })]
public static partial class PooledCnn
{
    internal static ILayer Architecture => Stax.Serial(
        Stax.Conv(6, new[] { 3, 3 }, padding: Padding.Same, wStd: 1.5, bStd: 0.05),
        Stax.Relu(),
        Stax.AvgPool(new[] { 2, 2 }, new[] { 1, 1 }, Padding.Same),
        Stax.Conv(5, new[] { 2, 2 }, wStd: 1.3, bStd: 0.1),
        Stax.Erf(),
        Stax.GlobalAvgPool(),
        Stax.Dense(8, 1.2, 0.1),
        Stax.Relu(),
        Stax.Dense(2));
}
