using ILGPU;

namespace NeuralTangents.Engine.DeviceKernels;

/// <summary>
/// Device code of the pair-major plan (<c>Engine/Plan</c>), pairs across threads: the input covariances, fused passes
/// (box filter, affine rule, dual), the form-changing reductions. Each kernel is a chunked loop (logical thread t handles
/// values [t·chunk, (t+1)·chunk)); on a GPU the chunk is 1. Arithmetic is in double, each stored value rounded to the
/// storage type where the host plan stores it, so both executions agree to the storage type's rounding. Copies go
/// through the scalar adapter too (exact: a stored value widened and rounded back is itself), which binds T for the PTX
/// compilation tests.
/// </summary>
internal static class PlanKernels
{
    /// <summary>K[p, p'] = ⟨x1ᵢ(p), x2ⱼ(p')⟩ / C for every lane's pair (items × positions × channels inputs); the NTK starts at 0.</summary>
    public static void Input<T, TS>(Index1D thread, ArrayView<T> x1, ArrayView<T> x2, ArrayView<T> nngp, ArrayView<T> ntk, StateShape shape, PairLanes lanes,
        int channels, int hasNtk, int chunk) where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long length = shape.Length;
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        int positions = shape.Positions;
        for (long e = start; e < end; e++)
        {
            shape.Decode(e, out long lane, out int p, out int p2);
            long a = ((long)lanes.Row(lane) * positions + p) * channels, b = ((long)lanes.Col(lane) * positions + p2) * channels;
            double sum = 0;
            for (int c = 0; c < channels; c++) sum += s.ToDouble(x1[a + c]) * s.ToDouble(x2[b + c]);
            nngp[e] = s.FromDouble(sum / channels);
            if (hasNtk != 0) ntk[e] = s.FromDouble(0);
        }
    }

    /// <summary>A pass that ends with a nonlinearity's dual (see <see cref="PlanPass"/>); in place unless it starts with a box filter.</summary>
    public static void Pass<T, TS, TAct>(Index1D thread, ArrayView<T> inNngp, ArrayView<T> inNtk, ArrayView<T> nngp, ArrayView<T> ntk,
        ArrayView<T> rowTables, ArrayView<T> colTables, PlanPass pass, PairLanes lanes, int chunk, TAct activation)
        where T : unmanaged where TS : struct, IScalar<T> where TAct : struct, IDualActivation
    {
        var s = default(TS);
        long length = pass.Out.Length;
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        for (long e = start; e < end; e++)
        {
            pass.Out.Decode(e, out long lane, out int p, out int p2);
            Linear<T, TS>(inNngp, inNtk, pass, e, lane, p, p2, out double k, out double t);
            int i = lanes.Row(lane);
            if (pass.Recording != 0)
            {
                // Items against themselves, every value a same-position variance: record it, then T_d.
                rowTables[pass.TableIndex(pass.RowTable, pass.RowItems, i, p)] = s.FromDouble(k);
                nngp[e] = s.FromDouble(activation.Variance(k));
                continue;
            }
            int j = lanes.Col(lane);
            double q1 = s.ToDouble(rowTables[pass.TableIndex(pass.RowTable, pass.RowItems, i, p)]);
            double q2 = s.ToDouble(colTables[pass.TableIndex(pass.ColTable, pass.ColItems, j, p2)]);
            // An item against itself at the same position sits at ρ = 1: the entry is made equal to the variance, then T_d (as on the host).
            bool self = lanes.SameItems != 0 && i == j && p == p2;
            if (self) k = q1;
            if (pass.HasNtk != 0) ntk[e] = s.FromDouble(t * activation.NtkFactor(k, q1, q2));
            nngp[e] = s.FromDouble(self ? activation.Variance(q1) : activation.Nngp(k, q1, q2));
        }
    }

    /// <summary>A pass without a dual: a box filter and/or an affine rule.</summary>
    public static void LinearPass<T, TS>(Index1D thread, ArrayView<T> inNngp, ArrayView<T> inNtk, ArrayView<T> nngp, ArrayView<T> ntk, PlanPass pass, int chunk)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long length = pass.Out.Length;
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        for (long e = start; e < end; e++)
        {
            pass.Out.Decode(e, out long lane, out int p, out int p2);
            Linear<T, TS>(inNngp, inNtk, pass, e, lane, p, p2, out double k, out double t);
            nngp[e] = s.FromDouble(k);
            if (pass.HasNtk != 0) ntk[e] = s.FromDouble(t);
        }
    }

    /// <summary>
    /// The same-position values of a full-form state (lane b: item Row(b) against itself) into its items' table at
    /// <paramref name="table"/> ([item][position]): what a nonlinearity of a full-form variance run reads.
    /// </summary>
    public static void RecordDiagonal<T, TS>(Index1D thread, ArrayView<T> state, ArrayView<T> tables, long table, int positions, long lanes, PairLanes items, int chunk)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long length = lanes * positions;
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        for (long e = start; e < end; e++)
        {
            long lane = e / positions;
            int p = (int)(e - lane * positions);
            tables[table + (long)items.Row(lane) * positions + p] = s.FromDouble(s.ToDouble(state[(lane * positions + p) * positions + p]));
        }
    }

    /// <summary>
    /// target[l] = scale · Σₘ source[l·<paramref name="outer"/> + m·<paramref name="inner"/>] over <paramref name="count"/>
    /// terms: Flatten's mean over positions ([position][lane]), and global pooling's sums over a full form's rows and then its lanes.
    /// </summary>
    public static void StridedSum<T, TS>(Index1D thread, ArrayView<T> source, ArrayView<T> target, long length, long outer, long inner, int count, double scale, int chunk)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        for (long l = start; l < end; l++)
        {
            double sum = 0;
            for (int m = 0; m < count; m++) sum += s.ToDouble(source[l * outer + m * inner]);
            target[l] = s.FromDouble(scale * sum);
        }
    }

    /// <summary>
    /// target[lane·positions + c] = Σ_r source[lane][r][c]: a full form's column sums, one thread per column, so that
    /// neighbouring threads read neighbouring values of each row (global pooling's first step).
    /// </summary>
    public static void ColumnSums<T, TS>(Index1D thread, ArrayView<T> source, ArrayView<T> target, long lanes, int positions, int chunk)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long length = lanes * positions;
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        for (long e = start; e < end; e++)
        {
            long lane = e / positions;
            long column = e - lane * positions;
            long origin = lane * positions * positions + column;
            double sum = 0;
            for (int r = 0; r < positions; r++) sum += s.ToDouble(source[origin + (long)r * positions]);
            target[e] = s.FromDouble(sum);
        }
    }

    /// <summary>A full-form state's same-position values as a diagonal-form state: target[p·lanes + l] = source[l][p][p].</summary>
    public static void Diagonal<T, TS>(Index1D thread, ArrayView<T> source, ArrayView<T> target, long lanes, int positions, int chunk)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long length = lanes * positions;
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        for (long e = start; e < end; e++)
        {
            int p = (int)(e / lanes);
            long lane = e - p * lanes;
            target[e] = s.FromDouble(s.ToDouble(source[(lane * positions + p) * positions + p]));
        }
    }

    /// <summary>The box filter (when the pass has one, else the value itself) and the affine rule of value <paramref name="e"/>.</summary>
    private static void Linear<T, TS>(ArrayView<T> inNngp, ArrayView<T> inNtk, in PlanPass pass, long e, long lane, int p, int p2, out double k, out double t)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        if (pass.HasBox != 0)
        {
            // Rounded to the storage type, as the host stores the filter's output before the rules after it.
            k = s.ToDouble(s.FromDouble(pass.BoxScale * BoxSum<T, TS>(inNngp, pass, lane, p, p2)));
            t = pass.HasNtk != 0 ? s.ToDouble(s.FromDouble(pass.BoxScale * BoxSum<T, TS>(inNtk, pass, lane, p, p2))) : 0;
        }
        else
        {
            k = s.ToDouble(inNngp[e]);
            t = pass.HasNtk != 0 ? s.ToDouble(inNtk[e]) : 0;
        }
        if (pass.HasAffine != 0) pass.Affine.Apply<T, TS>(ref k, ref t, pass.HasNtk);
    }

    /// <summary>
    /// The window's sum for output positions (o, o2) of one lane: over the input diagonal in the diagonal form, over the
    /// joint offsets (Conv) or every pair of offsets (pooling) of the input's full form. Offsets in the padding add nothing.
    /// </summary>
    private static double BoxSum<T, TS>(ArrayView<T> input, in PlanPass pass, long lane, int o, int o2) where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        var g = pass.Box;
        int a2 = o % g.Out2, a1 = o / g.Out2 % g.Out1, a0 = o / (g.Out2 * g.Out1);
        int b2 = o2 % g.Out2, b1 = o2 / g.Out2 % g.Out1, b0 = o2 / (g.Out2 * g.Out1);
        int inSize = pass.InPositions;
        long lanes = pass.Out.Lanes;
        long origin = lane * inSize * inSize;
        double sum = 0;
        for (int d0 = 0; d0 < g.Win0; d0++)
            for (int d1 = 0; d1 < g.Win1; d1++)
                for (int d2 = 0; d2 < g.Win2; d2++)
                {
                    int ia = g.Map(a0, a1, a2, d0, d1, d2);
                    if (ia < 0) continue;
                    if (pass.Out.Form == StateShape.Diagonal)
                    {
                        sum += s.ToDouble(input[ia * lanes + lane]);
                        continue;
                    }
                    if (pass.Independent == 0)
                    {
                        int ib = g.Map(b0, b1, b2, d0, d1, d2);
                        if (ib >= 0) sum += s.ToDouble(input[origin + (long)ia * inSize + ib]);
                        continue;
                    }
                    for (int f0 = 0; f0 < g.Win0; f0++)
                        for (int f1 = 0; f1 < g.Win1; f1++)
                            for (int f2 = 0; f2 < g.Win2; f2++)
                            {
                                int ib = g.Map(b0, b1, b2, f0, f1, f2);
                                if (ib >= 0) sum += s.ToDouble(input[origin + (long)ia * inSize + ib]);
                            }
                }
        return sum;
    }
}
