using ILGPU;
using ILGPU.Algorithms;

namespace NeuralTangents.Engine.DeviceKernels;

/// <summary>
/// Device code for LayerNorm over spatial axes: positions fall into groups (the positions that share their
/// coordinates on the axes not normalized), and each item's variance of a group is the mean of its
/// same-position variances over the group.
/// </summary>
internal static class GroupNormKernels
{
    /// <summary>means[item·groups + g] = ε + mean over p with group[p] = g of variances[item·size + p], as a chunked loop.</summary>
    public static void Means<T, TS>(Index1D thread, ArrayView<T> variances, ArrayView<double> means, ArrayView<int> group,
        int size, int groups, double epsilon, long length, int chunk)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        for (long e = start; e < end; e++)
        {
            long item = e / groups;
            int g = (int)(e - item * groups);
            double sum = 0;
            int count = 0;
            for (int p = 0; p < size; p++)
            {
                if (group[p] != g) continue;
                sum += s.ToDouble(variances[item * size + p]);
                count++;
            }
            means[e] = epsilon + sum / count;
        }
    }

    /// <summary>
    /// Divides entry (pair, p, p') (full) or (pair, p) (diagonal) by √(v1[i·groups + group[p]]·v2[j·groups + group[p']]),
    /// with (i, j) = (pair / cols, pair % cols), or (pair, pair) for an item's own covariance (<paramref name="self"/> ≠ 0).
    /// </summary>
    public static void Divide<T, TS>(Index1D thread, ArrayView<T> values, ArrayView<double> v1, ArrayView<double> v2, ArrayView<int> group,
        long per, int size, int full, int cols, int self, int groups, long length, int chunk)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        for (long e = start; e < end; e++)
        {
            long pair = e / per;
            long within = e - pair * per;
            int p = full != 0 ? (int)(within / size) : (int)within;
            int p2 = full != 0 ? (int)(within - (long)p * size) : p;
            long i = self != 0 ? pair : pair / cols, j = self != 0 ? pair : pair % cols;
            double q = v1[i * groups + group[p]] * v2[j * groups + group[p2]];
            values[e] = s.FromDouble(s.ToDouble(values[e]) / XMath.Sqrt(q));
        }
    }
}
