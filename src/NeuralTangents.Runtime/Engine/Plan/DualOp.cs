using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.CompilerServices;
using NeuralTangents.Layers.Elementwise.Activations;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// A nonlinearity's dual on a row: K ← T(K; q1, q2), Θ ← Θ·Ṫ(K; q1, q2), with q1 the row item's and q2 the column
/// item's variance at the same positions. The arc-cosine family runs vectorized (<see cref="VectorDuals"/>, the
/// widest vectors the processor has, in double precision whatever the storage); the other nonlinearities apply
/// their scalar maps lane by lane. In a variance run the same-position entries take T_d(q), as the engine's rule does.
/// </summary>
[SkipLocalsInit]
internal sealed partial class DualOp<T, TAct> : DualOpBase<T>
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

    public override ABReluActivation? ArcCosine => _activation is ABReluActivation relu ? relu : null;

    public override void Accept(IDualVisitor visitor) => visitor.Visit(_activation);

    public override double Variance(double q) => _activation.Variance(q);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override unsafe void Apply(Span<T> nngp, Span<T> ntk, int row, int rows, int inner, SpatialForm form, int positions, PlanContext<T> context)
    {
        var table = context.Rows;
        if (context.Recording && form != SpatialForm.Full)
        {
            // Items against themselves, every entry a same-position variance: record it, then T_d.
            for (int r = 0; r < rows; r++)
                nngp.Slice(r * inner, inner).CopyTo(table[Index].AsSpan(table.Index(Index, context.RowItem, row + r), inner));
            for (int k = 0; k < rows * inner; k++) nngp[k] = T.CreateTruncating(_activation.Variance(double.CreateTruncating(nngp[k])));
            return;
        }
        var cols = context.Cols;
        var rowTable = table[Index];
        var colTable = cols[Index];
        bool eight = HostLaneWidth.EightLanes;
        fixed (T* c = nngp)
        fixed (T* t = ntk)
        fixed (T* q1 = rowTable)
        fixed (T* q2 = colTable)
        {
            for (int r = 0; r < rows; r++)
            {
                // Full form: q1 is the row item's variance at this row's position, q2 the column item's at every position.
                // Diagonal form: q1 the row item's at this position, q2 the column items' (one per lane) at this position.
                T* rowVariance = q1 + table.Index(Index, context.RowItem, row + r);
                T* colVariances = q2 + cols.Index(Index, context.ColItem, form == SpatialForm.Full ? 0 : row + r);
                T* tRow = ntk.IsEmpty ? null : t + r * inner;
                // An item against itself at the same position sits at ρ = 1, where the duals turn a rounding difference
                // between the entry and the variance into an error of its square root: make them equal, then take T_d.
                int self = SelfLane(form, context, row + r, inner);
                if (self >= 0) c[r * inner + self] = *rowVariance;
                if (eight && SingleLanes && context.SingleLanes) RowSingle(c + r * inner, tRow, inner, rowVariance, colVariances);
                else if (eight) Row<Vector512<double>, HostLanes8>(c + r * inner, tRow, inner, rowVariance, colVariances);
                else Row<Vector256<double>, HostLanes4>(c + r * inner, tRow, inner, rowVariance, colVariances);
                if (self >= 0) c[r * inner + self] = T.CreateTruncating(_activation.Variance(double.CreateTruncating(*rowVariance)));
            }
        }
    }

    /// <summary>
    /// Where in row <paramref name="position"/> an item meets itself at the same position (−1: nowhere): the lane of the
    /// row item in a diagonal-form block of its own kernel, the row's own position in a full-form pair (i, i).
    /// </summary>
    private static int SelfLane(SpatialForm form, PlanContext<T> context, int position, int inner)
    {
        if (!context.SameItems) return -1;
        if (form == SpatialForm.Full) return context.RowItem == context.ColItem ? position : -1;
        int lane = context.RowItem - context.ColItem;
        return lane >= 0 && lane < inner ? lane : -1;
    }

    /// <summary>Whether this dual runs on float32 lanes: float32 kernels of the arc-cosine family (<see cref="SingleLaneRelu"/>).</summary>
    private static bool SingleLanes => typeof(T) == typeof(float) && typeof(TAct) == typeof(ABReluActivation);

    /// <summary>As <see cref="Row{TVector, TLanes}"/> on sixteen float32 lanes (float32 kernels of the arc-cosine family).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void RowSingle(T* cRow, T* tRow, int count, T* q1, T* q2Row)
    {
        var relu = Unsafe.As<TAct, ABReluActivation>(ref Unsafe.AsRef(in _activation));
        float k = (float)((relu.A - relu.B) * (relu.A - relu.B) / (2 * Math.PI)), half = (float)((relu.A * relu.A + relu.B * relu.B) / 2);
        float* c = (float*)cRow, t = (float*)tRow, q2 = (float*)q2Row;
        var rowVariance = Vector512.Create(*(float*)q1);
        float* cTail = stackalloc float[16], tTail = stackalloc float[16], qTail = stackalloc float[16];
        int i = 0;
        for (; i + 32 <= count; i += 32)
        {
            // Two independent vectors per step (each dual is one long dependency chain).
            var first = SingleLaneRelu.ABRelu(k, half, Vector512.Load(c + i), t == null ? default : Vector512.Load(t + i), rowVariance, Vector512.Load(q2 + i));
            var second = SingleLaneRelu.ABRelu(k, half, Vector512.Load(c + i + 16), t == null ? default : Vector512.Load(t + i + 16), rowVariance, Vector512.Load(q2 + i + 16));
            first.Nngp.Store(c + i);
            second.Nngp.Store(c + i + 16);
            if (t == null) continue;
            first.Ntk.Store(t + i);
            second.Ntk.Store(t + i + 16);
        }
        for (; i < count; i += 16)
        {
            if (i + 16 <= count)
            {
                var entry = SingleLaneRelu.ABRelu(k, half, Vector512.Load(c + i), t == null ? default : Vector512.Load(t + i), rowVariance, Vector512.Load(q2 + i));
                entry.Nngp.Store(c + i);
                if (t != null) entry.Ntk.Store(t + i);
                continue;
            }
            // The tail through a padded vector.
            int rest = count - i;
            for (int lane = 0; lane < 16; lane++)
            {
                cTail[lane] = lane < rest ? c[i + lane] : 0;
                tTail[lane] = lane < rest && t != null ? t[i + lane] : 0;
                qTail[lane] = lane < rest ? q2[i + lane] : 1;
            }
            var last = SingleLaneRelu.ABRelu(k, half, Vector512.Load(cTail), Vector512.Load(tTail), rowVariance, Vector512.Load(qTail));
            for (int lane = 0; lane < rest; lane++)
            {
                c[i + lane] = last.Nngp.GetElement(lane);
                if (t != null) t[i + lane] = last.Ntk.GetElement(lane);
            }
        }
    }

    /// <summary>The dual over <paramref name="count"/> entries: q1 one value for the row, q2 one per entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Row<TVector, TLanes>(T* c, T* t, int count, T* q1, T* q2)
        where TVector : unmanaged
        where TLanes : struct, IHostLanes<TVector>
    {
        int width = TLanes.Count;
        var rowVariance = TLanes.Create(double.CreateTruncating(*q1));
        int k = 0;
        // Two vectors per step: each dual is one long dependency chain, two independent ones keep the core busy.
        for (; k + 2 * width <= count; k += 2 * width)
        {
            var first = Dual<TVector, TLanes>(Load<TVector, TLanes>(c + k), t == null ? default : Load<TVector, TLanes>(t + k), rowVariance, Load<TVector, TLanes>(q2 + k));
            var second = Dual<TVector, TLanes>(Load<TVector, TLanes>(c + k + width), t == null ? default : Load<TVector, TLanes>(t + k + width), rowVariance,
                Load<TVector, TLanes>(q2 + k + width));
            Store<TVector, TLanes>(first.Nngp, c + k);
            Store<TVector, TLanes>(second.Nngp, c + k + width);
            if (t == null) continue;
            Store<TVector, TLanes>(first.Ntk, t + k);
            Store<TVector, TLanes>(second.Ntk, t + k + width);
        }
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
