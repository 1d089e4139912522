namespace NeuralTangents;

/// <summary>Which kernels to compute (Neural Tangents' <c>get</c> argument).</summary>
[Flags]
public enum KernelOutputs
{
    /// <summary>The NNGP kernel.</summary>
    Nngp = 1,

    /// <summary>The neural tangent kernel (computing it also computes the NNGP, which it depends on).</summary>
    Ntk = 2,

    /// <summary>Both kernels.</summary>
    Both = Nngp | Ntk,
}
