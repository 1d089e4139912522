using System.Numerics;

namespace NeuralTangents;

/// <summary>
/// A kernel and its derivatives with respect to the first input (<see cref="KernelDerivatives.ByInputs{T}"/>):
/// <see cref="Nngp"/>[i, j, f…] = ∂NNGP(x1ᵢ, x2ⱼ)/∂x1ᵢ(f…) with x2 held fixed, likewise <see cref="Ntk"/>; shape
/// N1 × N2 × the shape of one x1 item.
/// </summary>
/// <typeparam name="T">The precision of the kernel and its derivatives.</typeparam>
public sealed class KernelInputDerivatives<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal KernelInputDerivatives(Kernel<T> kernel, Tensor<T>? nngp, Tensor<T>? ntk, string path)
    {
        Kernel = kernel;
        Path = path;
        Nngp = nngp;
        Ntk = ntk;
    }

    /// <summary>The kernel, from the same pass as its derivatives.</summary>
    public Kernel<T> Kernel { get; }

    /// <summary>
    /// How the kernel and its derivatives were computed, worded as <see cref="KernelPlanInfo.Path"/>: the pair-major
    /// host plan with its fused passes, "(stated at compile time by the generated class)" when a generated
    /// <c>[Network]</c> class supplied the plan rather than the runtime planning the network from its layers.
    /// </summary>
    public string Path { get; }

    /// <summary>∂NNGP[i, j]/∂x1ᵢ, N1 × N2 × item shape; null when the NNGP was not requested.</summary>
    public Tensor<T>? Nngp { get; }

    /// <summary>∂NTK[i, j]/∂x1ᵢ, N1 × N2 × item shape; null when the NTK was not requested.</summary>
    public Tensor<T>? Ntk { get; }
}
