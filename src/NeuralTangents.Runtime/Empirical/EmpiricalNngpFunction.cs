using System.Numerics;
using NeuralTangents.EmpiricalKernels;

namespace NeuralTangents;

/// <summary>The empirical Nngp f(x1)·f(x2)ᵀ of a finite network; made by <see cref="Empirical.NngpFn"/>.</summary>
public sealed class EmpiricalNngpFunction
{
    private readonly EmpiricalSettings _settings;

    internal EmpiricalNngpFunction(EmpiricalSettings settings) => _settings = settings;

    /// <summary>The traced output axes (as given).</summary>
    public IReadOnlyList<int> TraceAxes => _settings.TraceAxes;

    /// <summary>The diagonal output axes (as given).</summary>
    public IReadOnlyList<int> DiagonalAxes => _settings.DiagonalAxes;

    /// <summary>The kernel of x1 against x2 (x1 against itself when <paramref name="x2"/> is null) at <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">Inputs of the wrong rank or feature shape or with non-finite values, or invalid axes.</exception>
    /// <exception cref="InsufficientMemoryException">The estimate for the result and one block exceeds the allowed memory (checked before allocating).</exception>
    public Tensor<T> Compute<T>(Tensor<T> x1, Tensor<T>? x2, Parameters<T> parameters, EmpiricalOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        EmpiricalComputation.Run(_settings, x1, x2, parameters, KernelOutputs.Nngp, options).Nngp!;
}
