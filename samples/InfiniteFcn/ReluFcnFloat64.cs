using NeuralTangents;

namespace InfiniteFcn;

/// <summary>
/// <see cref="ReluFcn"/> in double precision (<c>--float64</c>): the precision of generated code is fixed at build
/// time, so each precision is its own declaration.
/// </summary>
[Network(InputShape = new[] { 784 }, Precision = Precision.Float64)]
[Dense(512, WStd = 1.5, BStd = 0.05)]
[Relu]
[Dense(512, WStd = 1.5, BStd = 0.05)]
[Relu]
[Dense(10, WStd = 1.5, BStd = 0.05)]
public static partial class ReluFcnFloat64
{
}
