using System.ComponentModel;

namespace NeuralTangents.CompilerServices;

/// <summary>One kernel entry (x1ᵢ, x2ⱼ) as it flows through a fused chain: the NNGP and NTK values, in double. Called by generated <c>[Network]</c> code; hidden from IntelliSense and not meant to be used directly.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct FusedEntry
{
    /// <summary>Creates an entry.</summary>
    public FusedEntry(double nngp, double ntk)
    {
        Nngp = nngp;
        Ntk = ntk;
    }

    /// <summary>The NNGP value K(x1ᵢ, x2ⱼ).</summary>
    public double Nngp { get; }

    /// <summary>The NTK value Θ(x1ᵢ, x2ⱼ).</summary>
    public double Ntk { get; }
}
