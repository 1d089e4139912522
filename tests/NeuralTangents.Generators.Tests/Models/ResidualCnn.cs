namespace NeuralTangents.Generators.Tests.Models;

/// <summary>
/// A residual CNN on 6×6×2 images: a convolution, one residual block (Relu, Conv, Relu, Conv beside an Identity,
/// joined by FanInSum), Relu, Flatten and a fully-connected tail. Fluent form with a <c>[Block]</c>, float32.
/// </summary>
[Network(InputShape = new[] { 6, 6, 2 })]
public static partial class ResidualCnn
{
    internal static ILayer Architecture => Stax.Serial(
        Stax.Conv(6, new[] { 3, 3 }, padding: Padding.Same, wStd: 1.4, bStd: 0.1),
        Residual(6),
        Stax.Relu(),
        Stax.Flatten(),
        Stax.Dense(4, 1.1, 0.05),
        Stax.Relu(),
        Stax.Dense(2));

    /// <summary>x + Conv(Relu(Conv(Relu(x)))).</summary>
    [Block]
    internal static ILayer Residual(int channels) => Stax.Serial(
        Stax.FanOut(2),
        Stax.Parallel(
            Stax.Serial(Stax.Relu(), Stax.Conv(channels, new[] { 3, 3 }, padding: Padding.Same, wStd: 1.3, bStd: 0.05), Stax.Relu(),
                Stax.Conv(channels, new[] { 3, 3 }, padding: Padding.Same, wStd: 1.2)),
            Stax.Identity()),
        Stax.FanInSum());
}
