using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NeuralTangents.Layers.Elementwise.Activations;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// The arc-cosine family's dual (ABRelu: a·min(x, 0) + b·max(x, 0)) on sixteen float32 lanes, for float32 kernels:
/// twice the lanes of the double-precision <see cref="CompilerServices.VectorDuals"/> and single-precision square root, division
/// and arc tangent. The one step that cancels, q1·q2 − c² near perfect correlation, is done in double (the products of
/// two floats are exact there), so the angle keeps float accuracy up to ρ = ±1 and the same perfect-correlation
/// tolerance as <see cref="DualMath.Sine"/> applies. Every other step is within a few float ulps of the double map.
/// </summary>
internal static class SingleLaneRelu
{
    private const float TanPiOver8 = 0.41421356f;

    /// <summary>
    /// ABRelu's new nngp and ntk for sixteen entries: T = k·sin + D·c and Θ·D with k = (a − b)²/(2π), D = (a² + b²)/2 − k·θ,
    /// θ = atan2(√(q1 q2 − c²), c) (π/2 when both vanish).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector512<float> Nngp, Vector512<float> Ntk) ABRelu(float k, float half, Vector512<float> c, Vector512<float> ntk, Vector512<float> q1, Vector512<float> q2)
    {
        var sine = Sine(c, q1, q2);
        var degenerate = Vector512.Equals(sine, Vector512<float>.Zero) & Vector512.Equals(c, Vector512<float>.Zero);
        var angle = Vector512.ConditionalSelect(degenerate, Vector512.Create(MathF.PI / 2), Atan2NonNegativeY(sine, c));
        var d = Vector512.Create(half) - Vector512.Create(k) * angle;
        return (Vector512.FusedMultiplyAdd(Vector512.Create(k), sine, d * c), ntk * d);
    }

    /// <summary>
    /// √(q1 q2 − c²), 0 where the difference is within the perfect-correlation tolerance of q1 q2. The difference is
    /// exact up to one float rounding: the products' rounding errors come from fused multiply-adds (exact for normal
    /// floats) and q1 q2 − c² of the rounded products is exact where it cancels (Sterbenz), so this matches the
    /// double-precision difference at a third of its instructions. Vectors with products outside the range where those
    /// errors are normal floats (below ~1e-29 or above ~1e29) take the double-precision route.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Sine(Vector512<float> c, Vector512<float> q1, Vector512<float> q2)
    {
        var product = q1 * q2;
        var square = c * c;
        var outOfRange = Vector512.LessThan(product, Vector512.Create(SmallestProduct)) | Vector512.GreaterThan(product, Vector512.Create(LargestProduct))
            | Vector512.GreaterThan(square, Vector512.Create(LargestProduct));
        if (outOfRange != Vector512<float>.Zero) return SineInDouble(c, q1, q2);
        var productError = Vector512.FusedMultiplyAdd(q1, q2, -product);
        var squareError = Vector512.FusedMultiplyAdd(c, c, -square);
        var gap = (product - square) + (productError - squareError);
        var correlated = Vector512.GreaterThan(gap, Vector512.Create((float)DualMath.PerfectCorrelationTolerance) * product);
        return Vector512.ConditionalSelect(correlated, Vector512.Sqrt(gap), Vector512<float>.Zero);
    }

    /// <summary>The products whose rounding errors are normal floats: the fast route of <see cref="Sine"/> holds between these.</summary>
    private const float SmallestProduct = 1e-29f, LargestProduct = 1e29f;

    /// <summary>
    /// As <see cref="Sine"/>, with the difference in double (products of floats are exact there). Inlined although it is
    /// rarely taken: a call inside the vector loops would make the JIT spill every vector register around it (no vector
    /// register survives a call in the System V ABI) on every iteration.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> SineInDouble(Vector512<float> c, Vector512<float> q1, Vector512<float> q2)
    {
        var (gapLow, correlatedLow) = Gap(Vector512.WidenLower(c), Vector512.WidenLower(q1), Vector512.WidenLower(q2));
        var (gapHigh, correlatedHigh) = Gap(Vector512.WidenUpper(c), Vector512.WidenUpper(q1), Vector512.WidenUpper(q2));
        var gap = Vector512.Narrow(gapLow, gapHigh);
        var correlated = Vector512.Narrow(correlatedLow.AsInt64(), correlatedHigh.AsInt64()).AsSingle();
        return Vector512.ConditionalSelect(correlated, Vector512.Sqrt(gap), Vector512<float>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double> Gap, Vector512<double> Correlated) Gap(Vector512<double> c, Vector512<double> q1, Vector512<double> q2)
    {
        var product = q1 * q2;
        var gap = product - c * c;
        return (gap, Vector512.GreaterThan(gap, Vector512.Create(DualMath.PerfectCorrelationTolerance) * product));
    }

    /// <summary>
    /// atan2(y, x) for y ≥ 0 in float: reduced to z ∈ [0, tan(π/8)] (z or (z − 1)/(z + 1) of min/max), then
    /// z·Σₖ (−1)ᵏ z²ᵏ/(2k + 1) up to k = 7, whose first omitted term is below 5e-8 relative there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Atan2NonNegativeY(Vector512<float> y, Vector512<float> x)
    {
        var absX = Vector512.Abs(x);
        // Min/MaxNative: one instruction each (no NaN or signed-zero ordering to honour here: y ≥ 0, |x| ≥ 0).
        var small = Vector512.MinNative(y, absX);
        var large = Vector512.MaxNative(y, absX);
        var reduce = Vector512.GreaterThan(small, large * Vector512.Create(TanPiOver8));
        var z = Vector512.ConditionalSelect(reduce, small - large, small) / Vector512.ConditionalSelect(reduce, small + large, large);
        var w = z * z;
        var p = Vector512.Create(-1f / 15);
        p = Vector512.FusedMultiplyAdd(p, w, Vector512.Create(1f / 13));
        p = Vector512.FusedMultiplyAdd(p, w, Vector512.Create(-1f / 11));
        p = Vector512.FusedMultiplyAdd(p, w, Vector512.Create(1f / 9));
        p = Vector512.FusedMultiplyAdd(p, w, Vector512.Create(-1f / 7));
        p = Vector512.FusedMultiplyAdd(p, w, Vector512.Create(1f / 5));
        p = Vector512.FusedMultiplyAdd(p, w, Vector512.Create(-1f / 3));
        p = Vector512.FusedMultiplyAdd(p, w, Vector512.Create(1f));
        var r = Vector512.FusedMultiplyAdd(z, p, Vector512.Create(MathF.PI / 4) & reduce.AsSingle());
        var negative = Vector512.LessThan(x, Vector512<float>.Zero);
        var halfPi = Vector512.Create(MathF.PI / 2);
        var flat = Vector512.ConditionalSelect(negative, Vector512.Create(MathF.PI) - r, r);
        var steep = Vector512.ConditionalSelect(negative, halfPi + r, halfPi - r);
        return Vector512.ConditionalSelect(Vector512.LessThanOrEqual(y, absX), flat, steep);
    }
}
