namespace NeuralTangents.Generators.Tests.Models;

/// <summary>Double precision (Neural Tangents' x64 mode).</summary>
[Network(InputShape = new[] { 11 }, Precision = Precision.Float64)]
[Dense(256, WStd = 1.5, BStd = 0.05)]
[Relu]
[Dense(256, WStd = 1.5, BStd = 0.05)]
[Erf]
[Dense(4, WStd = 1.5)]
public static partial class Float64Mlp
{
}
