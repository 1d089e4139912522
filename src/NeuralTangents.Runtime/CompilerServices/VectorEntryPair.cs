using System.ComponentModel;

namespace NeuralTangents.CompilerServices;

/// <summary>Entries of one row as two independent vectors (see <see cref="IVectorizedChain{TVariances}"/>). Called by generated <c>[Network]</c> code; hidden from IntelliSense and not meant to be used directly.</summary>
/// <typeparam name="TVector">The vector: <see cref="System.Runtime.Intrinsics.Vector256{T}"/> or <see cref="System.Runtime.Intrinsics.Vector512{T}"/> of double.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct VectorEntryPair<TVector> where TVector : unmanaged
{
    /// <summary>Creates the pair.</summary>
    public VectorEntryPair(VectorEntry<TVector> first, VectorEntry<TVector> second)
    {
        First = first;
        Second = second;
    }

    /// <summary>The first vector of entries.</summary>
    public VectorEntry<TVector> First { get; }

    /// <summary>The next vector of entries.</summary>
    public VectorEntry<TVector> Second { get; }
}
