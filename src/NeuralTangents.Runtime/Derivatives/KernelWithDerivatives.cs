using System.Numerics;

namespace NeuralTangents;

/// <summary>
/// A kernel and its derivatives with respect to hyperparameters (<see cref="KernelDerivatives.Compute{T}"/>):
/// <see cref="NngpDerivatives"/>[m][i, j] = ∂NNGP[i, j]/∂θ_m and <see cref="NtkDerivatives"/>[m][i, j] = ∂NTK[i, j]/∂θ_m
/// for θ_m = <see cref="Hyperparameters"/>[m], each N1 × N2 like the kernel.
/// </summary>
/// <typeparam name="T">The precision of the kernel and its derivatives.</typeparam>
public sealed class KernelWithDerivatives<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal KernelWithDerivatives(Kernel<T> kernel, IReadOnlyList<Hyperparameter> hyperparameters, Tensor<T>[]? nngp, Tensor<T>[]? ntk, string path)
    {
        Kernel = kernel;
        Path = path;
        Hyperparameters = hyperparameters;
        NngpDerivatives = nngp;
        NtkDerivatives = ntk;
    }

    /// <summary>The kernel, from the same pass as its derivatives.</summary>
    public Kernel<T> Kernel { get; }

    /// <summary>
    /// How the kernel and its derivatives were computed, worded as <see cref="KernelPlanInfo.Path"/>: the pair-major
    /// host plan with its fused passes, "(stated at compile time by the generated class)" when a generated
    /// <c>[Network]</c> class supplied the plan rather than the runtime planning the network from its layers.
    /// </summary>
    public string Path { get; }

    /// <summary>The hyperparameters differentiated by, in the order of the derivative lists.</summary>
    public IReadOnlyList<Hyperparameter> Hyperparameters { get; }

    /// <summary>∂NNGP/∂θ per hyperparameter; null when the NNGP was not requested.</summary>
    public IReadOnlyList<Tensor<T>>? NngpDerivatives { get; }

    /// <summary>∂NTK/∂θ per hyperparameter; null when the NTK was not requested.</summary>
    public IReadOnlyList<Tensor<T>>? NtkDerivatives { get; }

    /// <summary>∂NNGP/∂<paramref name="hyperparameter"/>.</summary>
    /// <exception cref="ArgumentException">The hyperparameter was not requested.</exception>
    /// <exception cref="InvalidOperationException">The NNGP was not requested.</exception>
    public Tensor<T> Nngp(Hyperparameter hyperparameter) =>
        (NngpDerivatives ?? throw new InvalidOperationException("The NNGP's derivatives were not requested (KernelOutputs.Nngp or Both)."))[IndexOf(hyperparameter)];

    /// <summary>∂NTK/∂<paramref name="hyperparameter"/>.</summary>
    /// <exception cref="ArgumentException">The hyperparameter was not requested.</exception>
    /// <exception cref="InvalidOperationException">The NTK was not requested.</exception>
    public Tensor<T> Ntk(Hyperparameter hyperparameter) =>
        (NtkDerivatives ?? throw new InvalidOperationException("The NTK's derivatives were not requested (KernelOutputs.Ntk or Both)."))[IndexOf(hyperparameter)];

    private int IndexOf(Hyperparameter hyperparameter)
    {
        ArgumentNullException.ThrowIfNull(hyperparameter);
        for (int m = 0; m < Hyperparameters.Count; m++)
            if (Hyperparameters[m] == hyperparameter) return m;
        throw new ArgumentException($"{hyperparameter} was not among the requested hyperparameters ({string.Join(", ", Hyperparameters)}).", nameof(hyperparameter));
    }
}
