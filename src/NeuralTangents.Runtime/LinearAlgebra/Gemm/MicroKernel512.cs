using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralTangents.LinearAlgebra.Gemm;

/// <summary>
/// The AVX-512 micro-kernel: a 12 × (2 vectors) tile of C (12×32 floats or 12×16 doubles) held in 24 zmm
/// accumulators while it walks the packed panels, one broadcast of A and two loads of B per step of the sum.
/// </summary>
internal readonly unsafe struct MicroKernel512 : IGemmMicroKernel
{
    /// <inheritdoc/>
    public static bool IsSupported => Avx512F.IsSupported;

    /// <inheritdoc/>
    public static int Rows => 12;

    /// <inheritdoc/>
    public static int Columns<T>() where T : unmanaged, IFloatingPointIeee754<T> => 2 * Vector512<T>.Count;

    /// <inheritdoc/>
    public static string Description => "Vector512 12×2 vectors";

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(T* a, T* b, int depth, T* c, int ldc, T alpha, T beta, bool readC)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector512<T>.Count;
        var c0L = Vector512<T>.Zero; var c0R = Vector512<T>.Zero; var c1L = Vector512<T>.Zero; var c1R = Vector512<T>.Zero; var c2L = Vector512<T>.Zero; var c2R = Vector512<T>.Zero;
        var c3L = Vector512<T>.Zero; var c3R = Vector512<T>.Zero; var c4L = Vector512<T>.Zero; var c4R = Vector512<T>.Zero; var c5L = Vector512<T>.Zero; var c5R = Vector512<T>.Zero;
        var c6L = Vector512<T>.Zero; var c6R = Vector512<T>.Zero; var c7L = Vector512<T>.Zero; var c7R = Vector512<T>.Zero; var c8L = Vector512<T>.Zero; var c8R = Vector512<T>.Zero;
        var c9L = Vector512<T>.Zero; var c9R = Vector512<T>.Zero; var c10L = Vector512<T>.Zero; var c10R = Vector512<T>.Zero; var c11L = Vector512<T>.Zero; var c11R = Vector512<T>.Zero;
        for (int p = 0; p < depth; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + lanes);
            var a0 = Vector512.Create(a[0]); c0L = Fma(a0, b0, c0L); c0R = Fma(a0, b1, c0R);
            var a1 = Vector512.Create(a[1]); c1L = Fma(a1, b0, c1L); c1R = Fma(a1, b1, c1R);
            var a2 = Vector512.Create(a[2]); c2L = Fma(a2, b0, c2L); c2R = Fma(a2, b1, c2R);
            var a3 = Vector512.Create(a[3]); c3L = Fma(a3, b0, c3L); c3R = Fma(a3, b1, c3R);
            var a4 = Vector512.Create(a[4]); c4L = Fma(a4, b0, c4L); c4R = Fma(a4, b1, c4R);
            var a5 = Vector512.Create(a[5]); c5L = Fma(a5, b0, c5L); c5R = Fma(a5, b1, c5R);
            var a6 = Vector512.Create(a[6]); c6L = Fma(a6, b0, c6L); c6R = Fma(a6, b1, c6R);
            var a7 = Vector512.Create(a[7]); c7L = Fma(a7, b0, c7L); c7R = Fma(a7, b1, c7R);
            var a8 = Vector512.Create(a[8]); c8L = Fma(a8, b0, c8L); c8R = Fma(a8, b1, c8R);
            var a9 = Vector512.Create(a[9]); c9L = Fma(a9, b0, c9L); c9R = Fma(a9, b1, c9R);
            var a10 = Vector512.Create(a[10]); c10L = Fma(a10, b0, c10L); c10R = Fma(a10, b1, c10R);
            var a11 = Vector512.Create(a[11]); c11L = Fma(a11, b0, c11L); c11R = Fma(a11, b1, c11R);
            a += 12;
            b += 2 * lanes;
        }
        var va = Vector512.Create(alpha);
        var vb = Vector512.Create(beta);
        Store(c + 0 * ldc, lanes, c0L, c0R, va, vb, readC);
        Store(c + 1 * ldc, lanes, c1L, c1R, va, vb, readC);
        Store(c + 2 * ldc, lanes, c2L, c2R, va, vb, readC);
        Store(c + 3 * ldc, lanes, c3L, c3R, va, vb, readC);
        Store(c + 4 * ldc, lanes, c4L, c4R, va, vb, readC);
        Store(c + 5 * ldc, lanes, c5L, c5R, va, vb, readC);
        Store(c + 6 * ldc, lanes, c6L, c6R, va, vb, readC);
        Store(c + 7 * ldc, lanes, c7L, c7R, va, vb, readC);
        Store(c + 8 * ldc, lanes, c8L, c8R, va, vb, readC);
        Store(c + 9 * ldc, lanes, c9L, c9R, va, vb, readC);
        Store(c + 10 * ldc, lanes, c10L, c10R, va, vb, readC);
        Store(c + 11 * ldc, lanes, c11L, c11R, va, vb, readC);
    }

    // One row of the tile: alpha·acc, plus beta·C when C is read (one rounding of alpha·acc, then one fused add).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(T* row, int lanes, Vector512<T> left, Vector512<T> right, Vector512<T> alpha, Vector512<T> beta, bool readC)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        left *= alpha;
        right *= alpha;
        if (readC)
        {
            left = Fma(beta, Vector512.Load(row), left);
            right = Fma(beta, Vector512.Load(row + lanes), right);
        }
        left.Store(row);
        right.Store(row + lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> x, Vector512<T> y, Vector512<T> z) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>()
            : Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
}
