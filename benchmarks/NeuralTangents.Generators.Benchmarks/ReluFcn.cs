namespace NeuralTangents.Generators.Benchmarks;

/// <summary>The 3-layer ReLU network of Neural Tangents' README on flattened 28×28 images, compiled by the source generator.</summary>
[Network(InputShape = new[] { 784 })]
[Dense(512, WStd = 1.5, BStd = 0.05)]
[Relu]
[Dense(512, WStd = 1.5, BStd = 0.05)]
[Relu]
[Dense(10, WStd = 1.5, BStd = 0.05)]
internal static partial class ReluFcn
{
}
