using System.Runtime.InteropServices;

namespace NeuralTangents.Memory;

/// <summary>
/// Result arrays of hundreds of megabytes. Their first touch costs one page fault per 4 KiB page, which on a virtual
/// machine is several microseconds each (a 10 000² NNGP + NTK is 200 000 faults, a large share of the kernel's time).
/// On Linux the arrays are advised to use transparent huge pages (as NumPy does for its large allocations), so the
/// kernel maps them 2 MiB at a time where the system allows it; elsewhere they are plain uninitialized arrays.
/// </summary>
internal static class LargeArrays
{
    /// <summary>Below this size the faults are cheap and a madvise call would only split the heap's mappings.</summary>
    private const long AdviseFromBytes = 32L << 20;

    private const long HugePageBytes = 2L << 20;

    /// <summary>The Linux <c>MADV_HUGEPAGE</c> advice.</summary>
    private const int MadviseHugePage = 14;

    /// <summary>An array of <paramref name="length"/> values whose contents are not cleared: the caller writes every entry.</summary>
    public static T[] Uninitialized<T>(long length) where T : unmanaged
    {
        var array = GC.AllocateUninitializedArray<T>(checked((int)length));
        AdviseHugePages(array);
        return array;
    }

    private static unsafe void AdviseHugePages<T>(T[] array) where T : unmanaged
    {
        long bytes = (long)array.Length * sizeof(T);
        if (bytes < AdviseFromBytes || !OperatingSystem.IsLinux()) return;
        fixed (T* start = array)
        {
            // Only whole huge pages inside the array: the advice must not change memory the array does not own.
            long first = ((long)start + HugePageBytes - 1) & ~(HugePageBytes - 1);
            long end = ((long)start + bytes) & ~(HugePageBytes - 1);
            if (end <= first) return;
            try
            {
                // Advice only: when it is refused (no transparent huge pages) the array works as before.
                _ = Madvise((nint)first, (nuint)(end - first), MadviseHugePage);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
            }
        }
    }

    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(nint address, nuint length, int advice);
}
