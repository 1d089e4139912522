namespace NeuralTangents.Generators.Tests.Models;

/// <summary>A residual network in the fluent form: a [Block] with arguments, repeated, and a skip connection.</summary>
[Network(InputShape = new[] { 10 })]
public static partial class ResidualNetwork
{
    internal static ILayer Architecture => Stax.Serial(
        Stax.Dense(Width, wStd: 1.4, bStd: 0.1),
        Stax.Repeat(2, Residual(Width, 1.2)),
        Residual(Width / 2 * 2, 0.9, bStd: 0.2),
        Stax.Relu(),
        Stax.Dense(1, 1.0));

    private const int Width = 32;

    /// <summary>x + Dense(Relu(x)): both branches are Gaussian, so their sum is too.</summary>
    [Block]
    internal static ILayer Residual(int width, double wStd, double bStd = 0.05)
    {
        var branch = Stax.Serial(Stax.Relu(), Stax.Dense(width, wStd, bStd));
        return Stax.Serial(Stax.FanOut(2), Stax.Parallel(branch, Stax.Identity()), Stax.FanInSum());
    }
}
