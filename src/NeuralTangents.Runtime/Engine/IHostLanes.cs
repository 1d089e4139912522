using NeuralTangents.CompilerServices;

namespace NeuralTangents.Engine;

/// <summary>
/// The vector width of the fused host loop (<see cref="FusedTiles{T, TChain, TVariances}"/>): how it loads, stores
/// and builds vectors of <typeparamref name="TVector"/> and which <c>Entries</c> of the chain it calls. The loop is
/// written once over this; the chain's arithmetic stays on the raw vector types, which the JIT inlines without limit.
/// </summary>
/// <typeparam name="TVector">Vector256 or Vector512 of double.</typeparam>
internal unsafe interface IHostLanes<TVector> where TVector : unmanaged
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary><paramref name="value"/> in every lane.</summary>
    static abstract TVector Create(double value);

    /// <summary>The first <see cref="Count"/> values, one per lane.</summary>
    static abstract TVector Create(ReadOnlySpan<double> values);

    /// <summary>Lane <paramref name="lane"/> of <paramref name="vector"/>.</summary>
    static abstract double Element(TVector vector, int lane);

    /// <summary><see cref="Count"/> consecutive floats, widened.</summary>
    static abstract TVector Load(float* source);

    /// <summary><see cref="Count"/> consecutive doubles.</summary>
    static abstract TVector Load(double* source);

    /// <summary>Stores the lanes rounded to float.</summary>
    static abstract void Store(TVector vector, float* target);

    /// <summary>Stores the lanes.</summary>
    static abstract void Store(TVector vector, double* target);

    /// <summary>The arc-cosine family's dual (<see cref="VectorDuals"/>' ABRelu) at this width.</summary>
    static abstract VectorEntry<TVector> ABRelu(double a, double b, TVector nngp, TVector ntk, TVector q1, TVector q2);

    /// <summary>The chain's <c>Entries</c> at this width.</summary>
    static abstract VectorEntryPair<TVector> Entries<TChain, TVariances>(in TChain chain, TVector nngp0, TVector ntk0, ReadOnlySpan<TVector> columns0,
        TVector nngp1, TVector ntk1, ReadOnlySpan<TVector> columns1, TVariances row)
        where TChain : struct, IVectorizedChain<TVariances>
        where TVariances : unmanaged;
}
