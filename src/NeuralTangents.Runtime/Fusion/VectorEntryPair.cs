namespace NeuralTangents.Fusion;

/// <summary>Eight kernel entries of one row, as two independent groups of four (see <see cref="IVectorizedChain{TVariances, TColumns}"/>).</summary>
public readonly struct VectorEntryPair
{
    /// <summary>Creates the pair.</summary>
    public VectorEntryPair(VectorEntry first, VectorEntry second)
    {
        First = first;
        Second = second;
    }

    /// <summary>The first four entries.</summary>
    public VectorEntry First { get; }

    /// <summary>The next four entries.</summary>
    public VectorEntry Second { get; }
}
