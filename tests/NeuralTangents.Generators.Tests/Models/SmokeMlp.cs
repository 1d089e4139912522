namespace NeuralTangents.Generators.Tests.Models;

[Network(InputShape = new[] { 8 })]
[Dense(16, WStd = 1.5, BStd = 0.05)]
[Relu]
[Dense(4, WStd = 1.5, BStd = 0.05)]
public static partial class SmokeMlp
{
}
