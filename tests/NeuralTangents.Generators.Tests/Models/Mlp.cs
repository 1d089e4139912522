namespace NeuralTangents.Generators.Tests.Models;

/// <summary>The 3-layer ReLU network of Neural Tangents' README, declared as an attribute stack.</summary>
[Network(InputShape = new[] { 12 })]
[Dense(512, WStd = 1.5, BStd = 0.05)]
[Relu]
[Dense(512, WStd = 1.5, BStd = 0.05)]
[Relu]
[Dense(10, WStd = 1.5, BStd = 0.05)]
public static partial class Mlp
{
}
