using System.Buffers;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// The kernel state of one branch while a <see cref="PairPlan{T}"/> runs: the nngp and ntk as rows of
/// <see cref="Outer"/> × <see cref="Inner"/> values, the inner axis contiguous. In the diagonal form the rows are
/// positions and the inner axis is a block of pairs (one row item against consecutive column items, or consecutive
/// items against themselves); in the full form of one pair the rows are the row item's positions and the inner axis
/// the column item's positions. Buffers come from the shared array pool and go back to it.
/// </summary>
internal sealed class PairState<T> : IDisposable where T : unmanaged
{
    public PairState(SpatialForm form, int positions, int lanes, bool withNtk)
    {
        Form = form;
        Positions = positions;
        Lanes = lanes;
        Nngp = ArrayPool<T>.Shared.Rent(Math.Max(1, Outer * Inner));
        Ntk = withNtk ? ArrayPool<T>.Shared.Rent(Math.Max(1, Outer * Inner)) : null;
    }

    /// <summary>The covariance form: diagonal (positions × pairs), full (positions × positions of one pair) or none (one row).</summary>
    public SpatialForm Form { get; private set; }

    /// <summary>Spatial positions of the current activation (1 once they are reduced away).</summary>
    public int Positions { get; private set; }

    /// <summary>Pairs side by side in the inner axis of the diagonal form (1 in a full-form run).</summary>
    public int Lanes { get; }

    /// <summary>The cross-covariances (or the items' own covariances in a variance run).</summary>
    public T[] Nngp { get; private set; }

    /// <summary>The NTK, or null when it is not computed (variance runs, NNGP-only kernels).</summary>
    public T[]? Ntk { get; private set; }

    /// <summary>What a box filter computed over the whole state before its rows (<see cref="BoxOp{T}.Prepare"/>), while it runs.</summary>
    public (PassRows<T>? Nngp, PassRows<T>? Ntk) Prepared { get; set; }

    /// <summary>Returns <see cref="Prepared"/>'s buffers to the pool (when the state's buffers change or it is disposed).</summary>
    public void ReleasePrepared()
    {
        if (Prepared.Nngp is { } nngp) ArrayPool<T>.Shared.Return(nngp.Rows);
        if (Prepared.Ntk is { } ntk) ArrayPool<T>.Shared.Return(ntk.Rows);
        Prepared = default;
    }

    /// <summary>Rows: the positions (1 without spatial axes).</summary>
    public int Outer => Form == SpatialForm.None ? 1 : Positions;

    /// <summary>Values per row: the positions of the column item in the full form, else the lanes.</summary>
    public int Inner => Form == SpatialForm.Full ? Positions : Lanes;

    /// <summary>Row <paramref name="row"/> of the nngp.</summary>
    public Span<T> NngpRow(int row) => Nngp.AsSpan(row * Inner, Inner);

    /// <summary>Row <paramref name="row"/> of the ntk (empty without one).</summary>
    public Span<T> NtkRow(int row) => Ntk is null ? Span<T>.Empty : Ntk.AsSpan(row * Inner, Inner);

    /// <summary>Fresh buffers for a new form and size; the old ones are returned by the caller (<see cref="Replace"/>).</summary>
    public (T[] Nngp, T[]? Ntk) Rent(SpatialForm form, int positions)
    {
        int size = Math.Max(1, Size(form, positions));
        return (ArrayPool<T>.Shared.Rent(size), Ntk is null ? null : ArrayPool<T>.Shared.Rent(size));
    }

    /// <summary>Makes <paramref name="nngp"/>/<paramref name="ntk"/> the state in <paramref name="form"/> and returns the old buffers to the pool.</summary>
    public void Replace(T[] nngp, T[]? ntk, SpatialForm form, int positions)
    {
        ReleasePrepared();
        ArrayPool<T>.Shared.Return(Nngp);
        if (Ntk is not null) ArrayPool<T>.Shared.Return(Ntk);
        Nngp = nngp;
        Ntk = ntk;
        Form = form;
        Positions = positions;
    }

    /// <summary>A copy (for the branches of a FanOut).</summary>
    public PairState<T> Clone()
    {
        var copy = new PairState<T>(Form, Positions, Lanes, Ntk is not null);
        int size = Outer * Inner;
        Nngp.AsSpan(0, size).CopyTo(copy.Nngp);
        Ntk?.AsSpan(0, size).CopyTo(copy.Ntk);
        return copy;
    }

    private int Size(SpatialForm form, int positions) =>
        (form == SpatialForm.None ? 1 : positions) * (form == SpatialForm.Full ? positions : Lanes);

    public void Dispose()
    {
        ReleasePrepared();
        ArrayPool<T>.Shared.Return(Nngp);
        if (Ntk is not null) ArrayPool<T>.Shared.Return(Ntk);
    }
}
