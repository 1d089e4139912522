using NeuralTangents;

namespace InfiniteFcn;

/// <summary>
/// The network of Neural Tangents' fully-connected examples, in the NTK parameterization, declared for the source
/// generator in float32: at build time it becomes <c>Network</c>, <c>Init</c>, <c>Apply</c>, a fused <c>KernelFn</c>
/// and <c>Info</c>. <see cref="ReluFcnFloat64"/> is the same network in double precision.
/// </summary>
[Network(InputShape = new[] { 784 })]
[Dense(512, WStd = 1.5, BStd = 0.05)]
[Relu]
[Dense(512, WStd = 1.5, BStd = 0.05)]
[Relu]
[Dense(10, WStd = 1.5, BStd = 0.05)]
public static partial class ReluFcn
{
}
