using System.ComponentModel;

namespace NeuralTangents.CompilerServices;

/// <summary>Kernel entries of one row, one per lane, as they flow through a vectorized fused chain: NNGP and NTK, in double. Called by generated <c>[Network]</c> code; hidden from IntelliSense and not meant to be used directly.</summary>
/// <typeparam name="TVector">The vector: <see cref="System.Runtime.Intrinsics.Vector256{T}"/> or <see cref="System.Runtime.Intrinsics.Vector512{T}"/> of double.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct VectorEntry<TVector> where TVector : unmanaged
{
    /// <summary>Creates the entries.</summary>
    public VectorEntry(TVector nngp, TVector ntk)
    {
        Nngp = nngp;
        Ntk = ntk;
    }

    /// <summary>The NNGP values.</summary>
    public TVector Nngp { get; }

    /// <summary>The NTK values.</summary>
    public TVector Ntk { get; }
}
