using System.Runtime.Intrinsics;

namespace NeuralTangents.Fusion;

/// <summary>Four kernel entries of one row as they flow through a vectorized fused chain: NNGP and NTK lanes, in double.</summary>
public readonly struct VectorEntry
{
    /// <summary>Creates the entries.</summary>
    public VectorEntry(Vector256<double> nngp, Vector256<double> ntk)
    {
        Nngp = nngp;
        Ntk = ntk;
    }

    /// <summary>The NNGP values.</summary>
    public Vector256<double> Nngp { get; }

    /// <summary>The NTK values.</summary>
    public Vector256<double> Ntk { get; }
}
