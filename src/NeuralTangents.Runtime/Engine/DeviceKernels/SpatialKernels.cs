using ILGPU;

namespace NeuralTangents.Engine.DeviceKernels;

/// <summary>
/// Device code for covariances with spatial axes, as chunked loops (logical thread t handles elements
/// [t·chunk, (t+1)·chunk)). A "pair" is one (item, item) combination: a cross entry (i, j) or an item's
/// self-covariance; its spatial entries follow it contiguously (S diagonal or S×S full values).
/// </summary>
internal static class SpatialKernels
{
    /// <summary>
    /// A box filter over the covariance. Output entry (o, o') (full) or o (diagonal) of every pair is
    /// scale · Σ over window offsets of the input covariance at the mapped positions:
    /// jointly (the same offset δ on both sides, Conv's shared weights; with a diagonal output this reads the
    /// input diagonal) or independently (δ and δ' on each side, pooling; needs a full input). Positions in the
    /// zero padding contribute nothing.
    /// </summary>
    public static void Box<T, TS>(Index1D thread, ArrayView<T> input, ArrayView<T> output, long length, int chunk,
        BoxGeometry g, int inFull, int outFull, int independent, double scale)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        int inSize = g.InSize, outSize = g.OutSize;
        long inPer = inFull != 0 ? (long)inSize * inSize : inSize;
        long outPer = outFull != 0 ? (long)outSize * outSize : outSize;
        for (long e = start; e < end; e++)
        {
            long pair = e / outPer;
            long within = e - pair * outPer;
            int o = outFull != 0 ? (int)(within / outSize) : (int)within;
            int o2 = outFull != 0 ? (int)(within - (long)o * outSize) : o;
            int a2 = o % g.Out2, a1 = o / g.Out2 % g.Out1, a0 = o / (g.Out2 * g.Out1);
            int b2 = o2 % g.Out2, b1 = o2 / g.Out2 % g.Out1, b0 = o2 / (g.Out2 * g.Out1);
            long origin = pair * inPer;
            double sum = 0;
            for (int d0 = 0; d0 < g.Win0; d0++)
                for (int d1 = 0; d1 < g.Win1; d1++)
                    for (int d2 = 0; d2 < g.Win2; d2++)
                    {
                        int ia = g.Map(a0, a1, a2, d0, d1, d2);
                        if (ia < 0) continue;
                        if (independent == 0)
                        {
                            int ib = g.Map(b0, b1, b2, d0, d1, d2);
                            if (ib < 0) continue;
                            sum += s.ToDouble(input[origin + (inFull != 0 ? (long)ia * inSize + ib : ia)]);
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
            output[e] = s.FromDouble(scale * sum);
        }
    }

    /// <summary>
    /// A nonlinearity on spatial entries. Entry (pair, p, p') (full) or (pair, p) (diagonal) takes
    /// q1 = var1[i·size + p] and q2 = var2[j·size + p'], where the pair is (i, j) = (pair / cols, pair % cols),
    /// or (i, i) for an item's self-covariance (<paramref name="self"/> ≠ 0, where same-position entries take
    /// the variance map T_d). The variances are read from copies, so entries can be updated in place.
    /// </summary>
    public static void Elementwise<T, TS, TAct>(Index1D thread, ArrayView<T> nngp, ArrayView<T> ntk, ArrayView<T> var1, ArrayView<T> var2,
        int cols, int size, int full, int self, long length, int chunk, int hasNtk, TAct activation)
        where T : unmanaged where TS : struct, IScalar<T> where TAct : struct, IDualActivation
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        long per = full != 0 ? (long)size * size : size;
        for (long e = start; e < end; e++)
        {
            long pair = e / per;
            long within = e - pair * per;
            long i = self != 0 ? pair : pair / cols;
            long j = self != 0 ? pair : pair - i * cols;
            int p = full != 0 ? (int)(within / size) : (int)within;
            int p2 = full != 0 ? (int)(within - (long)p * size) : p;
            double q1 = s.ToDouble(var1[i * size + p]), q2 = s.ToDouble(var2[j * size + p2]);
            if (self != 0 && p == p2)
            {
                nngp[e] = s.FromDouble(activation.Variance(q1));
                continue;
            }
            double c = s.ToDouble(nngp[e]);
            if (hasNtk != 0) ntk[e] = s.FromDouble(s.ToDouble(ntk[e]) * activation.NtkFactor(c, q1, q2));
            nngp[e] = s.FromDouble(activation.Nngp(c, q1, q2));
        }
    }
}
