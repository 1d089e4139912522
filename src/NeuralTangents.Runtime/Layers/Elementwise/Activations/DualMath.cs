using ILGPU.Algorithms;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>Kernel-safe helpers shared by the closed-form duals (usable inside ILGPU kernels).</summary>
internal static class DualMath
{
    /// <summary>√max(x, 0): guards against c² exceeding q1·q2 by rounding when x1ᵢ = x2ⱼ.</summary>
    public static double SqrtClamped(double x) => x > 0 ? XMath.Sqrt(x) : 0;

    /// <summary>
    /// The largest 1 − ρ² (relative to q1·q2) that counts as perfect correlation, ρ = ±1. On a kernel's diagonal
    /// (x1ᵢ = x2ⱼ) c and √(q1 q2) are equal in exact arithmetic, but they are carried by different maps (the
    /// layers' Nngp and Variance maps) and drift apart by a few ulps per layer. √(1 − ρ²) turns a drift δ into an
    /// angle √(2δ) ≈ 2e-8, and duals with an infinite slope at ρ = 1 amplify it from layer to layer: three Sign
    /// layers put the diagonal of the kernel 1% below the variance (found by the Monte Carlo tests, where the
    /// NTK diagonal of a Sign network is the same number in every random network). Below this tolerance the
    /// angle is 0 (or π); for distinct inputs that changes θ by at most √1e-13 ≈ 3e-7.
    /// </summary>
    public const double PerfectCorrelationTolerance = 1e-13;

    /// <summary>
    /// √(q1 q2 − c²) = √(q1 q2)·sin θ, clamped at 0 (c² may exceed q1·q2 by rounding) and 0 within
    /// <see cref="PerfectCorrelationTolerance"/> of perfect correlation.
    /// </summary>
    public static double Sine(double c, double q1, double q2)
    {
        double product = q1 * q2;
        double gap = product - c * c;
        return gap > PerfectCorrelationTolerance * product ? XMath.Sqrt(gap) : 0;
    }

    /// <summary>
    /// The angle θ = arccos(c/√(q1 q2)) ∈ [0, π] between the two Gaussians, computed as atan2(√(P − c²), c)
    /// (accurate near ρ = ±1, unlike arccos, and exactly 0 or π within <see cref="PerfectCorrelationTolerance"/>);
    /// π/2 when both arguments vanish, as in Neural Tangents.
    /// </summary>
    public static double Angle(double c, double q1, double q2)
    {
        double sine = Sine(c, q1, q2);
        return sine == 0 && c == 0 ? Math.PI / 2 : XMath.Atan2(sine, c);
    }
}
