using ILGPU;
using NeuralTangents.CompilerServices;

namespace NeuralTangents.Engine.DeviceKernels;

/// <summary>
/// Device code for generated fused chains: one chunked loop over the entries of a tile, each entry read once,
/// carried through the whole chain (<see cref="IFusedChain{TVariances}"/>) and written once.
/// </summary>
internal static class FusedKernels
{
    /// <summary>
    /// For entry e = i·cols + j: (nngp[e], ntk[e]) ← chain.Entry(nngp[e], Θ, rows[i], columns[j]), where the incoming
    /// NTK Θ is read from the tile when <paramref name="readNtk"/> ≠ 0 (a chain that continues interpreted layers: a
    /// generated network's pointwise tail) and is 0 otherwise (a chain from the input layer, whose NTK is zero);
    /// <paramref name="storeNtk"/> = 0 skips the NTK store (the tile carries no NTK).
    /// </summary>
    public static void Entries<T, TS, TChain, TVariances>(Index1D thread, ArrayView<T> nngp, ArrayView<T> ntk,
        ArrayView<TVariances> rows, ArrayView<TVariances> columns, int cols, long length, int chunk, int readNtk, int storeNtk, TChain chain)
        where T : unmanaged where TS : struct, IScalar<T> where TChain : struct, IFusedChain<TVariances> where TVariances : unmanaged
    {
        var s = default(TS);
        long start = (long)thread.X * chunk;
        long end = start + chunk < length ? start + chunk : length;
        if (start >= end) return;
        // (i, j) of the first entry, then walked forward: one division per chunk instead of per entry.
        long i = start / cols;
        long j = start - i * cols;
        var row = rows[i];
        for (long e = start; e < end; e++)
        {
            var entry = chain.Entry(s.ToDouble(nngp[e]), readNtk != 0 ? s.ToDouble(ntk[e]) : 0, row, columns[j]);
            nngp[e] = s.FromDouble(entry.Nngp);
            if (storeNtk != 0) ntk[e] = s.FromDouble(entry.Ntk);
            if (++j == cols)
            {
                j = 0;
                i++;
                if (e + 1 < end) row = rows[i];
            }
        }
    }
}
