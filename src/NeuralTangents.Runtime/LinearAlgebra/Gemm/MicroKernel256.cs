using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralTangents.LinearAlgebra.Gemm;

/// <summary>
/// The AVX2 micro-kernel for machines without AVX-512: a 6 × (2 vectors) tile of C (6×16 floats or 6×8 doubles)
/// held in 12 of the 16 ymm registers, one broadcast of A and two loads of B per step of the sum.
/// </summary>
internal readonly unsafe struct MicroKernel256 : IGemmMicroKernel
{
    /// <inheritdoc/>
    public static bool IsSupported => Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported;

    /// <inheritdoc/>
    public static int Rows => 6;

    /// <inheritdoc/>
    public static int Columns<T>() where T : unmanaged, IFloatingPointIeee754<T> => 2 * Vector256<T>.Count;

    /// <inheritdoc/>
    public static string Description => "Vector256 6×2 vectors";

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(T* a, T* b, int depth, T* c, int ldc, T alpha, T beta, bool readC)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lanes = Vector256<T>.Count;
        var c0L = Vector256<T>.Zero; var c0R = Vector256<T>.Zero; var c1L = Vector256<T>.Zero; var c1R = Vector256<T>.Zero; var c2L = Vector256<T>.Zero; var c2R = Vector256<T>.Zero;
        var c3L = Vector256<T>.Zero; var c3R = Vector256<T>.Zero; var c4L = Vector256<T>.Zero; var c4R = Vector256<T>.Zero; var c5L = Vector256<T>.Zero; var c5R = Vector256<T>.Zero;
        for (int p = 0; p < depth; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + lanes);
            var a0 = Vector256.Create(a[0]); c0L = Fma(a0, b0, c0L); c0R = Fma(a0, b1, c0R);
            var a1 = Vector256.Create(a[1]); c1L = Fma(a1, b0, c1L); c1R = Fma(a1, b1, c1R);
            var a2 = Vector256.Create(a[2]); c2L = Fma(a2, b0, c2L); c2R = Fma(a2, b1, c2R);
            var a3 = Vector256.Create(a[3]); c3L = Fma(a3, b0, c3L); c3R = Fma(a3, b1, c3R);
            var a4 = Vector256.Create(a[4]); c4L = Fma(a4, b0, c4L); c4R = Fma(a4, b1, c4R);
            var a5 = Vector256.Create(a[5]); c5L = Fma(a5, b0, c5L); c5R = Fma(a5, b1, c5R);
            a += 6;
            b += 2 * lanes;
        }
        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        Store(c + 0 * ldc, lanes, c0L, c0R, va, vb, readC);
        Store(c + 1 * ldc, lanes, c1L, c1R, va, vb, readC);
        Store(c + 2 * ldc, lanes, c2L, c2R, va, vb, readC);
        Store(c + 3 * ldc, lanes, c3L, c3R, va, vb, readC);
        Store(c + 4 * ldc, lanes, c4L, c4R, va, vb, readC);
        Store(c + 5 * ldc, lanes, c5L, c5R, va, vb, readC);
    }

    // One row of the tile: alpha·acc, plus beta·C when C is read (one rounding of alpha·acc, then one fused add).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(T* row, int lanes, Vector256<T> left, Vector256<T> right, Vector256<T> alpha, Vector256<T> beta, bool readC)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        left *= alpha;
        right *= alpha;
        if (readC)
        {
            left = Fma(beta, Vector256.Load(row), left);
            right = Fma(beta, Vector256.Load(row + lanes), right);
        }
        left.Store(row);
        right.Store(row + lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> x, Vector256<T> y, Vector256<T> z) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float)
            ? Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>()
            : Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
}
