namespace NeuralTangents.Engine;

/// <summary>Mirroring a symmetric kernel computed on and above its diagonal, on the host, in cache-friendly blocks.</summary>
internal static class HostMirror<T> where T : unmanaged
{
    /// <summary>
    /// Writes rows 0…rows−1, columns <paramref name="from"/>…<paramref name="to"/>−1 of the square-stride block at
    /// <paramref name="origin"/> into their transposed places (column c of row r goes to row c, column r), sixteen rows
    /// at a time so that each written row segment fills whole cache lines.
    /// </summary>
    public static unsafe void Transpose(T* origin, int stride, int rows, int from, int to)
    {
        const int Group = 16;
        for (int r0 = 0; r0 < rows; r0 += Group)
        {
            int r1 = Math.Min(rows, r0 + Group);
            for (int c = from; c < to; c++)
            {
                T* target = origin + (long)c * stride;
                T* source = origin + c;
                for (int r = r0; r < r1; r++) target[r] = source[(long)r * stride];
            }
        }
    }

    /// <summary>Fills the strict lower triangle of a square tile (row stride <paramref name="stride"/>) from its upper triangle, in parallel over 64-row bands.</summary>
    public static unsafe void MirrorLower(T* tile, int size, int stride)
    {
        const int Band = 64;
        nint address = (nint)tile;
        Parallel.For(0, (size + Band - 1) / Band, band =>
        {
            T* m = (T*)address;
            for (int cb = 0; cb <= band * Band; cb += Band)
                for (int r = band * Band; r < Math.Min(size, (band + 1) * Band); r++)
                    for (int c = cb; c < Math.Min(r, cb + Band); c++)
                        m[(long)r * stride + c] = m[(long)c * stride + r];
        });
    }
}
