using ILGPU.Algorithms;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>Kernel-safe helpers shared by the closed-form duals (usable inside ILGPU kernels).</summary>
internal static class DualMath
{
    /// <summary>√max(x, 0): guards against c² exceeding q1·q2 by rounding when x1ᵢ = x2ⱼ.</summary>
    public static double SqrtClamped(double x) => x > 0 ? XMath.Sqrt(x) : 0;

    /// <summary>
    /// The angle θ = arccos(c/√(q1 q2)) ∈ [0, π] between the two Gaussians, computed as atan2(√(P − c²), c)
    /// (accurate near ρ = ±1, unlike arccos); π/2 when both arguments vanish, as in Neural Tangents.
    /// </summary>
    public static double Angle(double c, double q1, double q2)
    {
        double sine = SqrtClamped(q1 * q2 - c * c);
        return sine == 0 && c == 0 ? Math.PI / 2 : XMath.Atan2(sine, c);
    }
}
