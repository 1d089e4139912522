namespace NeuralTangents.Generators.Tests.Models;

/// <summary>
/// A nonlinearity given as a delegate cannot be evaluated at compile time: the generator reports NT0100 and the
/// class's members run on the runtime path.
/// </summary>
[Network(InputShape = new[] { 5 })]
public static partial class FallbackNetwork
{
    internal static ILayer Architecture => Stax.Serial(
        Stax.Dense(8, 1.5, 0.1),
        Stax.ElementwiseNumerical(Math.Tanh, 16),
        Stax.Dense(1));
}
