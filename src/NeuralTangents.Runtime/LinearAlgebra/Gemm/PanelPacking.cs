using System.Runtime.CompilerServices;

namespace NeuralTangents.LinearAlgebra.Gemm;

/// <summary>
/// Packs a panel of an operand for <see cref="IGemmMicroKernel"/>: <c>width</c> lanes (rows of op(A) or columns
/// of op(B)) over <c>depth</c> steps of the sum, stored step by step, the lanes of a step contiguous; lanes past
/// the matrix's edge are zero, so the micro-kernel always runs on full tiles.
/// </summary>
internal static unsafe class PanelPacking
{
    /// <summary>
    /// target[p·width + r] = source element (lane r, step p) for r &lt; <paramref name="valid"/>, else 0. The
    /// source holds lane r, step p at <c>source[p·ld + r]</c> when <paramref name="lanesContiguous"/>, else at
    /// <c>source[r·ld + p]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack<T>(T* source, long ld, bool lanesContiguous, int width, int valid, int depth, T* target)
        where T : unmanaged
    {
        if (lanesContiguous)
        {
            nuint bytes = (nuint)(valid * sizeof(T));
            for (int p = 0; p < depth; p++)
            {
                T* row = target + (long)p * width;
                Buffer.MemoryCopy(source + p * ld, row, bytes, bytes);
                for (int r = valid; r < width; r++) row[r] = default;
            }
            return;
        }
        for (int r = 0; r < valid; r++)
        {
            T* lane = source + r * ld;
            T* column = target + r;
            for (int p = 0; p < depth; p++) column[(long)p * width] = lane[p];
        }
        for (int r = valid; r < width; r++)
            for (int p = 0; p < depth; p++) target[(long)p * width + r] = default;
    }
}
