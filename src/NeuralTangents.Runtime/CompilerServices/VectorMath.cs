using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NeuralTangents.Layers.Elementwise.Activations;

namespace NeuralTangents.CompilerServices;

/// <summary>Vectorized elementary functions the .NET vector APIs lack, accurate to about one ulp.</summary>
internal static class VectorMath
{
    /// <summary>tan(π/8) = √2 − 1: above it the argument of atan is reduced by atan(a) = π/4 + atan((a − 1)/(a + 1)).</summary>
    private const double TanPiOver8 = 0.41421356237309503;

    // atan(z)/z as a polynomial in w = z² on [0, tan²(π/8)]: the interpolant at 12 Chebyshev nodes (computed in
    // 60-digit arithmetic), within 1.3e-18 of the function, so that z·P(z²) in double is within 1.5e-16 relative of atan(z).
    private const double C0 = 1.0, C1 = -0.3333333333333312, C2 = 0.19999999999940893, C3 = -0.14285714279250245;
    private const double C4 = 0.11111110744919658, C5 = -0.09090896809064027, C6 = 0.07692045330902225, C7 = -0.06662951813629191;
    private const double C8 = 0.05846878297330872, C9 = -0.05035102456601552, C10 = 0.03796525745386593, C11 = -0.017805397205419446;

    /// <summary>
    /// atan2(y, x) for y ≥ 0 (the sine of an angle in [0, π]), lane by lane; within about 2 ulps of
    /// <see cref="Math.Atan2(double, double)"/>. Lanes where both are zero give NaN (callers select their own value).
    /// </summary>
    /// <remarks>
    /// r = atan(min/max) with a = min/max reduced above tan(π/8) by atan(a) = π/4 + atan((min − max)/(min + max)), so a
    /// single division serves both cases; the polynomial is evaluated by Estrin's scheme with fused multiply-adds
    /// (depth 4 instead of 11: the fused chain is latency-bound). Then the quadrant: r, π − r, π/2 ∓ r.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Atan2NonNegativeY(Vector256<double> y, Vector256<double> x)
    {
        var absX = Vector256.Abs(x);
        var small = Vector256.Min(y, absX);
        var large = Vector256.Max(y, absX);
        var reduce = Vector256.GreaterThan(small, large * Vector256.Create(TanPiOver8));
        var z = Vector256.ConditionalSelect(reduce, small - large, small) / Vector256.ConditionalSelect(reduce, small + large, large);
        var w = z * z;
        var w2 = w * w;
        var w4 = w2 * w2;
        var w8 = w4 * w4;
        var p01 = Fma(Vector256.Create(C1), w, Vector256.Create(C0));
        var p23 = Fma(Vector256.Create(C3), w, Vector256.Create(C2));
        var p45 = Fma(Vector256.Create(C5), w, Vector256.Create(C4));
        var p67 = Fma(Vector256.Create(C7), w, Vector256.Create(C6));
        var p89 = Fma(Vector256.Create(C9), w, Vector256.Create(C8));
        var p1011 = Fma(Vector256.Create(C11), w, Vector256.Create(C10));
        var low = Fma(Fma(p67, w2, p45), w4, Fma(p23, w2, p01));
        var p = Fma(Fma(p1011, w2, p89), w8, low);
        var r = Fma(z, p, Vector256.Create(Math.PI / 4) & reduce);
        var negative = Vector256.LessThan(x, Vector256<double>.Zero);
        var halfPi = Vector256.Create(Math.PI / 2);
        var flat = Vector256.ConditionalSelect(negative, Vector256.Create(Math.PI) - r, r);
        var steep = Vector256.ConditionalSelect(negative, halfPi + r, halfPi - r);
        return Vector256.ConditionalSelect(Vector256.LessThanOrEqual(y, absX), flat, steep);
    }

    /// <summary>As <see cref="Atan2NonNegativeY(Vector256{double}, Vector256{double})"/>, eight lanes at a time (AVX-512).</summary>
    /// <remarks>
    /// The same operations in the same order, so every lane equals the four-lane result. Written twice because .NET 10
    /// has no public interface over Vector256 and Vector512, and wrapping them in one (tried) leaves the JIT's inliner
    /// out of budget in large chains, which made the fused kernel three times slower.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Atan2NonNegativeY(Vector512<double> y, Vector512<double> x)
    {
        var absX = Vector512.Abs(x);
        var small = Vector512.Min(y, absX);
        var large = Vector512.Max(y, absX);
        var reduce = Vector512.GreaterThan(small, large * Vector512.Create(TanPiOver8));
        var z = Vector512.ConditionalSelect(reduce, small - large, small) / Vector512.ConditionalSelect(reduce, small + large, large);
        var w = z * z;
        var w2 = w * w;
        var w4 = w2 * w2;
        var w8 = w4 * w4;
        var p01 = Fma(Vector512.Create(C1), w, Vector512.Create(C0));
        var p23 = Fma(Vector512.Create(C3), w, Vector512.Create(C2));
        var p45 = Fma(Vector512.Create(C5), w, Vector512.Create(C4));
        var p67 = Fma(Vector512.Create(C7), w, Vector512.Create(C6));
        var p89 = Fma(Vector512.Create(C9), w, Vector512.Create(C8));
        var p1011 = Fma(Vector512.Create(C11), w, Vector512.Create(C10));
        var low = Fma(Fma(p67, w2, p45), w4, Fma(p23, w2, p01));
        var p = Fma(Fma(p1011, w2, p89), w8, low);
        var r = Fma(z, p, Vector512.Create(Math.PI / 4) & reduce);
        var negative = Vector512.LessThan(x, Vector512<double>.Zero);
        var halfPi = Vector512.Create(Math.PI / 2);
        var flat = Vector512.ConditionalSelect(negative, Vector512.Create(Math.PI) - r, r);
        var steep = Vector512.ConditionalSelect(negative, halfPi + r, halfPi - r);
        return Vector512.ConditionalSelect(Vector512.LessThanOrEqual(y, absX), flat, steep);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);

    /// <summary>
    /// √(q1 q2 − c²) lane by lane as <c>DualMath.Sine</c>: clamped at 0, and 0 within
    /// <c>DualMath.PerfectCorrelationTolerance</c> of perfect correlation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Sine(Vector256<double> c, Vector256<double> q1, Vector256<double> q2)
    {
        var product = q1 * q2;
        var gap = product - c * c;
        var correlated = Vector256.GreaterThan(gap, Vector256.Create(DualMath.PerfectCorrelationTolerance) * product);
        return Vector256.ConditionalSelect(correlated, Vector256.Sqrt(gap), Vector256<double>.Zero);
    }

    /// <summary>As the four-lane <see cref="Sine(Vector256{double}, Vector256{double}, Vector256{double})"/>, eight lanes at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Sine(Vector512<double> c, Vector512<double> q1, Vector512<double> q2)
    {
        var product = q1 * q2;
        var gap = product - c * c;
        var correlated = Vector512.GreaterThan(gap, Vector512.Create(DualMath.PerfectCorrelationTolerance) * product);
        return Vector512.ConditionalSelect(correlated, Vector512.Sqrt(gap), Vector512<double>.Zero);
    }
}
