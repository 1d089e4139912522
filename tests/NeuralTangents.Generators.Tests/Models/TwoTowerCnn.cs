namespace NeuralTangents.Generators.Tests.Models;

/// <summary>
/// Two convolutional towers on 5×5×2 images joined by FanInSum after an Identity, then a fused fully-connected tail:
/// the tail may start only where one branch enters (a planner once started it at FanInSum, which then summed one
/// branch). Fluent form, float32.
/// </summary>
[Network(InputShape = new[] { 5, 5, 2 })]
public static partial class TwoTowerCnn
{
    internal static ILayer Architecture => Stax.Serial(
        Stax.FanOut(2),
        Stax.Parallel(
            Stax.Serial(Stax.Conv(4, new[] { 3, 3 }, padding: Padding.Same, wStd: 1.3, bStd: 0.1), Stax.Relu(), Stax.Flatten(), Stax.Dense(6, 1.2)),
            Stax.Serial(Stax.Conv(4, new[] { 3, 3 }, wStd: 1.5), Stax.Flatten(), Stax.Dense(6, 0.9, 0.2))),
        Stax.Identity(),
        Stax.FanInSum(),
        Stax.Relu(),
        Stax.Dense(2, 1.1, 0.05));
}
