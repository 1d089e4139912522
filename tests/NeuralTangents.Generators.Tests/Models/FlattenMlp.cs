namespace NeuralTangents.Generators.Tests.Models;

/// <summary>Images flattened by the first layer (the fully-connected part of a CNN), with an erf nonlinearity and no biases.</summary>
[Network(InputShape = new[] { 3, 4, 2 })]
[Flatten]
[Dense(64, WStd = 1.3)]
[Erf(0.8, 1.2)]
[Dense(64, WStd = 1.3, BStd = 0.2)]
[Identity]
[LeakyRelu(0.2)]
[Dense(3)]
internal static partial class FlattenMlp
{
}
