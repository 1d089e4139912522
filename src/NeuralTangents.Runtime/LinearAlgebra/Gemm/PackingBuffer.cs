namespace NeuralTangents.LinearAlgebra.Gemm;

/// <summary>
/// The packed panels' memory, kept per calling thread up to <see cref="RetainedBytes"/> so that the next call on the
/// thread finds it touched already (fresh memory costs a page fault per 4 KiB, slow on a VM): a pinned array, its
/// start aligned to 64 bytes for whole-cache-line vector loads.
/// </summary>
internal static unsafe class PackingBuffer
{
    /// <summary>The largest buffer a thread keeps between calls.</summary>
    public const long RetainedBytes = 64L << 20;

    private const int Alignment = 64;

    [ThreadStatic] private static long[]? _retained;

    /// <summary>
    /// A 64-byte-aligned block of at least <paramref name="bytes"/> bytes, valid while <paramref name="owner"/> is
    /// alive and until the next call on this thread.
    /// </summary>
    public static byte* Rent(long bytes, out long[] owner)
    {
        long length = (bytes + Alignment) / sizeof(long) + 1; // in longs: arrays of up to 16 GiB
        owner = _retained is { } kept && kept.LongLength >= length ? kept : GC.AllocateUninitializedArray<long>(checked((int)length), pinned: true);
        if (length * sizeof(long) <= RetainedBytes) _retained = owner;
        fixed (long* start = owner) // pinned on the pinned-object heap: the address stays valid after the block
            return (byte*)(((nuint)start + Alignment - 1) & ~(nuint)(Alignment - 1));
    }
}
