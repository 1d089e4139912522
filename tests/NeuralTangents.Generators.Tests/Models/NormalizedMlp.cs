namespace NeuralTangents.Generators.Tests.Models;

/// <summary>
/// A fully-connected network with a LayerNorm, which has no fused form: the generator splits the kernel into an
/// interpreted head (Dense, LayerNorm) and a fused tail, without any spatial axes.
/// </summary>
[Network(InputShape = new[] { 7 })]
[Dense(32, WStd = 1.4, BStd = 0.1)]
[LayerNorm(Epsilon = 1e-6)]
[Dense(32, WStd = 1.2)]
[Erf]
[Dense(3, BStd = 0.2)]
internal static partial class NormalizedMlp
{
}
