using ILGPU;

namespace NeuralTangents.Engine.DeviceKernels;

/// <summary>
/// Device code for kernel propagation through layers that act on each (x1ᵢ, x2ⱼ) entry independently. Every
/// kernel is a chunked loop: logical thread t handles elements [t·chunk, (t+1)·chunk).
/// </summary>
internal static class EntrywiseKernels
{
    /// <summary>x ← scale·x + shift.</summary>
    public static void Affine<T, TS>(Index1D thread, ArrayView<T> x, long length, int chunk, double scale, double shift)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        for (long i = start; i < end; i++) x[i] = s.FromDouble(scale * s.ToDouble(x[i]) + shift);
    }

    /// <summary>target ← a·other + b·target + c.</summary>
    public static void Combine<T, TS>(Index1D thread, ArrayView<T> target, ArrayView<T> other, long length, int chunk, double a, double b, double c)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        for (long i = start; i < end; i++) target[i] = s.FromDouble(a * s.ToDouble(other[i]) + b * s.ToDouble(target[i]) + c);
    }

    /// <summary>Product rule of two independent branches: Θa ← Θa·Kb + Θb·Ka, then Ka ← Ka·Kb.</summary>
    public static void Product<T, TS>(Index1D thread, ArrayView<T> nngpA, ArrayView<T> ntkA, ArrayView<T> nngpB, ArrayView<T> ntkB, long length, int chunk, int hasNtk)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        for (long i = start; i < end; i++)
        {
            double ka = s.ToDouble(nngpA[i]), kb = s.ToDouble(nngpB[i]);
            if (hasNtk != 0) ntkA[i] = s.FromDouble(s.ToDouble(ntkA[i]) * kb + s.ToDouble(ntkB[i]) * ka);
            nngpA[i] = s.FromDouble(ka * kb);
        }
    }

    /// <summary>
    /// A nonlinearity on the cross entries: for entry e = i·cols + j, with q1 = cov1[i], q2 = cov2[j] and
    /// c = nngp[e], sets nngp[e] = T(c) and ntk[e] *= Ṫ(c). The variances are updated afterwards by
    /// <see cref="Variance{T, TS, TAct}"/>, because every entry needs the old ones.
    /// </summary>
    public static void Elementwise<T, TS, TAct>(Index1D thread, ArrayView<T> nngp, ArrayView<T> ntk, ArrayView<T> cov1, ArrayView<T> cov2,
        int cols, long length, int chunk, int hasNtk, TAct activation)
        where T : unmanaged where TS : struct, IScalar<T> where TAct : struct, IDualActivation
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        if (start >= end) return;
        // (i, j) of the first entry, then walked forward: one division per chunk instead of per entry.
        long i = start / cols;
        long j = start - i * cols;
        double q1 = s.ToDouble(cov1[i]);
        for (long e = start; e < end; e++)
        {
            double q2 = s.ToDouble(cov2[j]), c = s.ToDouble(nngp[e]);
            if (hasNtk != 0) ntk[e] = s.FromDouble(s.ToDouble(ntk[e]) * activation.NtkFactor(c, q1, q2));
            nngp[e] = s.FromDouble(activation.Nngp(c, q1, q2));
            if (++j == cols)
            {
                j = 0;
                i++;
                if (e + 1 < end) q1 = s.ToDouble(cov1[i]);
            }
        }
    }

    /// <summary>cov ← T_d(cov) for a vector of variances.</summary>
    public static void Variance<T, TS, TAct>(Index1D thread, ArrayView<T> cov, long length, int chunk, TAct activation)
        where T : unmanaged where TS : struct, IScalar<T> where TAct : struct, IDualActivation
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        for (long i = start; i < end; i++) cov[i] = s.FromDouble(activation.Variance(s.ToDouble(cov[i])));
    }
}
