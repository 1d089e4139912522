using NeuralTangents;

namespace GeneratedFcn;

/// <summary>
/// The 3-layer ReLU network of Neural Tangents' README, declared for the source generator: at build time it
/// becomes <c>Network</c>, <c>Init</c>, <c>Apply</c>, a fused <c>KernelFn</c> and <c>Info</c>.
/// </summary>
[Network(InputShape = new[] { 784 })]
[Dense(512, WStd = 1.5, BStd = 0.05)]
[Relu]
[Dense(512, WStd = 1.5, BStd = 0.05)]
[Relu]
[Dense(10, WStd = 1.5, BStd = 0.05)]
public static partial class ReluNetwork
{
}
