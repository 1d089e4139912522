using NeuralTangents.EmpiricalKernels;

namespace NeuralTangents;

/// <summary>
/// Kernels of a finite network at given parameters (Neural Tangents' <c>nt.empirical_*_fn</c>): the empirical
/// NNGP f(x1)·f(x2)ᵀ and the empirical NTK J(x1)·J(x2)ᵀ with J = ∂f/∂θ.
/// </summary>
/// <remarks>
/// <para><b>Output axes.</b> For outputs f(x) of shape (N, …, K), <c>traceAxes</c> are summed pairwise over x1 and
/// x2 and divided by their size (default: the last axis, the logits), <c>diagonalAxes</c> keep only equal indices
/// on both sides, and every other axis appears twice, x1's then x2's, in the original order: (N, K) outputs give
/// (N1, N2) by default, (N1, N2, K, K) with <c>traceAxes: []</c>, and (N) with <c>diagonalAxes: [0]</c>.</para>
/// <para><b>Networks.</b> Any network built from <see cref="Stax"/> layers (or the runtime network a generated class
/// exposes). Items must be independent (every current layer is).</para>
/// </remarks>
public static class Empirical
{
    /// <summary>The empirical NNGP function of <paramref name="network"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="traceAxes">Output axes to trace; null means <c>[-1]</c>, an empty array none.</param>
    /// <param name="diagonalAxes">Output axes to diagonalize; null or empty means none.</param>
    public static EmpiricalNngpFunction NngpFn(ILayer network, int[]? traceAxes = null, int[]? diagonalAxes = null) =>
        new(EmpiricalSettings.Create(network, traceAxes, diagonalAxes, NtkImplementation.JacobianContraction));

    /// <summary>The empirical NTK function of <paramref name="network"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="traceAxes">Output axes to trace; null means <c>[-1]</c>, an empty array none.</param>
    /// <param name="diagonalAxes">Output axes to diagonalize; null or empty means none.</param>
    /// <param name="implementation">How the NTK is computed; all implementations agree to rounding.</param>
    public static EmpiricalNtkFunction NtkFn(ILayer network, int[]? traceAxes = null, int[]? diagonalAxes = null,
        NtkImplementation implementation = NtkImplementation.JacobianContraction) =>
        new(EmpiricalSettings.Create(network, traceAxes, diagonalAxes, implementation));

    /// <summary>A function computing the empirical NNGP, NTK or both of <paramref name="network"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="traceAxes">Output axes to trace; null means <c>[-1]</c>, an empty array none.</param>
    /// <param name="diagonalAxes">Output axes to diagonalize; null or empty means none.</param>
    /// <param name="implementation">How the NTK is computed; all implementations agree to rounding.</param>
    public static EmpiricalKernelFunction KernelFn(ILayer network, int[]? traceAxes = null, int[]? diagonalAxes = null,
        NtkImplementation implementation = NtkImplementation.JacobianContraction) =>
        new(EmpiricalSettings.Create(network, traceAxes, diagonalAxes, implementation));
}
