using ILGPU;

namespace NeuralTangents.Engine.DeviceKernels;

/// <summary>Device code that rescales only the entries pairing a unit with itself (same item, same position).</summary>
internal static class SameEntryKernels
{
    /// <summary>
    /// Multiplies entry e of <paramref name="values"/> by <paramref name="factor"/> when it pairs an item with
    /// itself at one position, as a chunked loop. Entries are [pair, spatial…] with <paramref name="per"/> values
    /// per pair (1, S or S² with <paramref name="full"/> ≠ 0, where (p, p') is on the diagonal when p = p').
    /// <paramref name="items"/> says which pairs are an item with itself: 0 none, 1 those whose global row
    /// <paramref name="row0"/> + pair / cols equals the global column <paramref name="col0"/> + pair % cols,
    /// 2 every pair (an item's own covariance).
    /// </summary>
    public static void Scale<T, TS>(Index1D thread, ArrayView<T> values, long length, int chunk, long per, int size, int full,
        int items, int cols, int row0, int col0, double factor)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        for (long e = start; e < end; e++)
        {
            long pair = e / per;
            long within = e - pair * per;
            bool samePosition = full == 0 || within / size == within % size;
            bool sameItem = items == 2 || items == 1 && row0 + pair / cols == col0 + pair % cols;
            if (samePosition && sameItem) values[e] = s.FromDouble(factor * s.ToDouble(values[e]));
        }
    }

    /// <summary>Sets every cross-position entry (p ≠ p') of a full covariance [pair, p, p'] to zero, as a chunked loop.</summary>
    public static void ZeroCrossPositions<T, TS>(Index1D thread, ArrayView<T> values, long length, int chunk, int size)
        where T : unmanaged where TS : struct, IScalar<T>
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        long per = (long)size * size;
        for (long e = start; e < end; e++)
        {
            long within = e % per;
            if (within / size != within % size) values[e] = s.FromDouble(0);
        }
    }
}
