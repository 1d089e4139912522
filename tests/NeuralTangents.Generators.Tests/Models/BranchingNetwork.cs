namespace NeuralTangents.Generators.Tests.Models;

/// <summary>Concatenation and products of branches, in double precision.</summary>
[Network(InputShape = new[] { 6 }, Precision = Precision.Float64)]
public static partial class BranchingNetwork
{
    internal static ILayer Architecture => Stax.Serial(
        Stax.Dense(16, 1.2, 0.1),
        Stax.FanOut(3),
        Stax.Parallel(
            Stax.Serial(Stax.Erf(), Stax.Dense(8, 1.0, 0.1)),
            Stax.Serial(Stax.Relu(), Stax.Dense(12)),
            Stax.Dense(4, 0.8)),
        Stax.FanInConcat(),
        Stax.Dense(16, 1.1, 0.05),
        Stax.FanOut(2),
        Stax.Parallel(Stax.Dense(8, 1.0, 0.2), Stax.Serial(Stax.Sin(), Stax.Dense(8))),
        Stax.FanInProd(),
        Stax.Dense(2, 1.0, 0.1));
}
