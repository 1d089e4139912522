using System.Reflection;

namespace NeuralTangents.Tests.Engine.Ptx;

/// <summary>
/// One closed device kernel to compile (<see cref="Method"/>), or, where the catalog could not bind a type parameter
/// of the kernel, the reason (<see cref="Problem"/>), so that the case fails under the kernel's name.
/// </summary>
/// <param name="Name">The kernel and its type arguments, e.g. <c>EntrywiseKernels.Elementwise&lt;Single, FloatScalar, ErfActivation&gt;</c>.</param>
/// <param name="Method">The closed generic (or non-generic) kernel method; null when <paramref name="Problem"/> is set.</param>
/// <param name="Problem">Why no closed method could be made; null when <paramref name="Method"/> is set.</param>
internal sealed record DeviceKernel(string Name, MethodInfo? Method, string? Problem);
