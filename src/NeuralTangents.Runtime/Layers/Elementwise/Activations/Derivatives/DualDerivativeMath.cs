using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>Helpers shared by the derivative maps of the closed-form duals (<see cref="IDualDerivatives"/>).</summary>
internal static class DualDerivativeMath
{
    /// <summary>
    /// The self-diagonal slopes of a smooth dual from its partials at c = q1 = q2 = q: along the diagonal the three
    /// arguments move together, and T_d(q) = T(q; q, q) for every smooth family, so each slope is the sum of the three
    /// partials (the derivative-map tests check this against finite differences of T_d and of Ṫ(q; q, q)).
    /// </summary>
    public static DiagonalSlopes Diagonal(DualPartials partials) =>
        new(partials.NngpC + partials.NngpQ1 + partials.NngpQ2, partials.FactorC + partials.FactorQ1 + partials.FactorQ2);

    /// <summary>
    /// Why the partials of an arc-cosine dual do not exist at (c; q1, q2): <paramref name="map"/> (T or Ṫ) has a slope
    /// ∝ 1/√(q1 q2 − c²), infinite at perfect correlation (ρ = ±1, within <see cref="DualMath.PerfectCorrelationTolerance"/>)
    /// and at a zero variance.
    /// </summary>
    public static string PerfectCorrelation(string map, double c, double q1, double q2)
    {
        double norm = Math.Sqrt(q1 * q2);
        string where = norm > 0 ? $"ρ = c/√(q1·q2) = {c / norm:G6} (perfect correlation)" : "a zero variance";
        return $"{map} has a slope ∝ 1/√(q1·q2 − c²), which is infinite at c = {c:G9}, q1 = {q1:G9}, q2 = {q2:G9}: {where}. " +
            "The kernel's derivative there exists only if the perturbation keeps the pair exactly as correlated, which first-order tangents cannot tell.";
    }

    /// <summary>The exception for a parameter number outside [0, <paramref name="count"/>).</summary>
    public static ArgumentOutOfRangeException NoParameter(string family, int parameter, int count) =>
        new(nameof(parameter), parameter, count == 0
            ? $"{family} has no scalar parameters."
            : $"{family} has {count} scalar parameters (0 to {count - 1}); {parameter} is not one of them.");

    /// <summary>xⁿ for a small non-negative integer n (0⁰ = 1).</summary>
    public static double Power(double x, int n)
    {
        double result = 1;
        for (int k = 0; k < n; k++) result *= x;
        return result;
    }
}
