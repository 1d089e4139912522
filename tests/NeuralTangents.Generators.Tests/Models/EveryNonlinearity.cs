namespace NeuralTangents.Generators.Tests.Models;

/// <summary>
/// Every closed-form nonlinearity family, each on its own branch between Dense layers (so each sees a Gaussian
/// input), summed and read out.
/// </summary>
[Network(InputShape = new[] { 7 })]
public static partial class EveryNonlinearity
{
    internal static ILayer Architecture => Stax.Serial(
        Stax.Dense(16, 1.1, 0.1),
        Stax.FanOut(19),
        Stax.Parallel(
            Branch(Stax.Relu()), Branch(Stax.ABRelu(-0.5, 1.5)), Branch(Stax.LeakyRelu(0.1)), Branch(Stax.Abs()),
            Branch(Stax.Erf(1.2, 0.7, 0.1)), Branch(Stax.SigmoidLike()), Branch(Stax.Gelu(approximate: true)),
            Branch(Stax.Sin(1.0, 0.8, 0.3)), Branch(Stax.Cos(b: 1.3)), Branch(Stax.Rbf(0.5)),
            Branch(Stax.Exp(0.9, 0.3)), Branch(Stax.ExpNormalized(gamma: 0.7)), Branch(Stax.Gaussian(1.0, -0.5)), Branch(Stax.Gabor()),
            Branch(Stax.Sign()), Branch(Stax.Monomial(3)), Branch(Stax.RectifiedMonomial(2)),
            Branch(Stax.Polynomial(0.1, 1.0, 0.5)), Branch(Stax.Hermite(3))),
        Stax.FanInSum(),
        Stax.Relu(),
        Stax.Dense(1));

    [Block]
    internal static ILayer Branch(ILayer nonlinearity) => Stax.Serial(nonlinearity, Stax.Dense(16, wStd: 1.0, bStd: 0.05));
}
