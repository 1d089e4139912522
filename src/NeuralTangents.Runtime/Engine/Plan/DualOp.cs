using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Fusion;
using NeuralTangents.Layers.Elementwise.Activations;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// A nonlinearity's dual on a row: K ← T(K; q1, q2), Θ ← Θ·Ṫ(K; q1, q2), with q1 the row item's and q2 the column
/// item's variance at the same positions. The arc-cosine family runs vectorized (<see cref="VectorDuals"/>, the
/// widest vectors the processor has, in double precision whatever the storage); the other nonlinearities apply
/// their scalar maps lane by lane. In a variance run the same-position entries take T_d(q), as the engine's rule does.
/// </summary>
internal sealed class DualOp<T, TAct> : DualOpBase<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TAct : struct, IDualActivation
{
    private readonly string _name;
    private readonly TAct _activation;

    public DualOp(string name, TAct activation, int index) : base(index)
    {
        _name = name;
        _activation = activation;
    }

    public override string Describe() => _name;

    public override unsafe void Apply(Span<T> nngp, Span<T> ntk, int row, SpatialForm form, int positions, PlanContext<T> context)
    {
        var rows = context.Rows;
        if (context.Recording && form != SpatialForm.Full)
        {
            // Items against themselves, every entry a same-position variance: record it, then T_d.
            nngp.CopyTo(rows[Index].AsSpan(rows.Index(Index, context.RowItem, row), nngp.Length));
            for (int k = 0; k < nngp.Length; k++) nngp[k] = T.CreateTruncating(_activation.Variance(double.CreateTruncating(nngp[k])));
            return;
        }
        var cols = context.Cols;
        // Full form: q1 is the row item's variance at this row's position, q2 the column item's at every position.
        // Diagonal form: q1 the row item's at this position, q2 the column items' (one per lane) at this position.
        fixed (T* c = nngp)
        fixed (T* t = ntk)
        fixed (T* q1 = &rows[Index][rows.Index(Index, context.RowItem, row)])
        fixed (T* q2 = &cols[Index][cols.Index(Index, context.ColItem, form == SpatialForm.Full ? 0 : row)])
        {
            if (HostLaneWidth.EightLanes) Row<Vector512<double>, HostLanes8>(c, ntk.IsEmpty ? null : t, nngp.Length, q1, q2);
            else Row<Vector256<double>, HostLanes4>(c, ntk.IsEmpty ? null : t, nngp.Length, q1, q2);
        }
        if (context.Recording)
        {
            // The same-position entry of an item's own full covariance takes T_d, not T at c = q.
            double q = double.CreateTruncating(rows[Index][rows.Index(Index, context.RowItem, row)]);
            nngp[row] = T.CreateTruncating(_activation.Variance(q));
        }
    }

    /// <summary>The dual over <paramref name="count"/> entries: q1 one value for the row, q2 one per entry.</summary>
    private unsafe void Row<TVector, TLanes>(T* c, T* t, int count, T* q1, T* q2)
        where TVector : unmanaged
        where TLanes : struct, IHostLanes<TVector>
    {
        int width = TLanes.Count;
        var rowVariance = TLanes.Create(double.CreateTruncating(*q1));
        int k = 0;
        for (; k + width <= count; k += width)
        {
            var entry = Dual<TVector, TLanes>(Load<TVector, TLanes>(c + k), t == null ? default : Load<TVector, TLanes>(t + k), rowVariance, Load<TVector, TLanes>(q2 + k));
            Store<TVector, TLanes>(entry.Nngp, c + k);
            if (t != null) Store<TVector, TLanes>(entry.Ntk, t + k);
        }
        if (k == count) return;
        // The tail through a padded vector, so that every entry sees the same vector arithmetic.
        int rest = count - k;
        T* cTail = stackalloc T[width], tTail = stackalloc T[width], qTail = stackalloc T[width];
        for (int lane = 0; lane < width; lane++)
        {
            cTail[lane] = lane < rest ? c[k + lane] : T.Zero;
            tTail[lane] = lane < rest && t != null ? t[k + lane] : T.Zero;
            qTail[lane] = lane < rest ? q2[k + lane] : T.One;
        }
        var last = Dual<TVector, TLanes>(Load<TVector, TLanes>(cTail), Load<TVector, TLanes>(tTail), rowVariance, Load<TVector, TLanes>(qTail));
        Store<TVector, TLanes>(last.Nngp, cTail);
        Store<TVector, TLanes>(last.Ntk, tTail);
        for (int lane = 0; lane < rest; lane++)
        {
            c[k + lane] = cTail[lane];
            if (t != null) t[k + lane] = tTail[lane];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private VectorEntry<TVector> Dual<TVector, TLanes>(TVector nngp, TVector ntk, TVector q1, TVector q2)
        where TVector : unmanaged
        where TLanes : struct, IHostLanes<TVector>
    {
        if (typeof(TAct) == typeof(ABReluActivation))
        {
            var relu = Unsafe.As<TAct, ABReluActivation>(ref Unsafe.AsRef(in _activation));
            return TLanes.ABRelu(relu.A, relu.B, nngp, ntk, q1, q2);
        }
        // Lane by lane: exactly the scalar maps.
        var c = MemoryMarshal.Cast<TVector, double>(MemoryMarshal.CreateSpan(ref nngp, 1));
        var t = MemoryMarshal.Cast<TVector, double>(MemoryMarshal.CreateSpan(ref ntk, 1));
        var x = MemoryMarshal.Cast<TVector, double>(MemoryMarshal.CreateSpan(ref q1, 1));
        var y = MemoryMarshal.Cast<TVector, double>(MemoryMarshal.CreateSpan(ref q2, 1));
        for (int lane = 0; lane < c.Length; lane++)
        {
            double ci = c[lane];
            c[lane] = _activation.Nngp(ci, x[lane], y[lane]);
            t[lane] *= _activation.NtkFactor(ci, x[lane], y[lane]);
        }
        return new VectorEntry<TVector>(nngp, ntk);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TVector Load<TVector, TLanes>(T* source) where TVector : unmanaged where TLanes : struct, IHostLanes<TVector> =>
        typeof(T) == typeof(float) ? TLanes.Load((float*)source) : TLanes.Load((double*)source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store<TVector, TLanes>(TVector vector, T* target) where TVector : unmanaged where TLanes : struct, IHostLanes<TVector>
    {
        if (typeof(T) == typeof(float)) TLanes.Store(vector, (float*)target);
        else TLanes.Store(vector, (double*)target);
    }
}
