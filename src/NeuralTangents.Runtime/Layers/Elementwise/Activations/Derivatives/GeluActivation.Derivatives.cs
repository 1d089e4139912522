using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// The derivative maps of the exact GELU's dual. With P = q1 q2, U = (q1 + 1)(q2 + 1), Δ = √(U − c²),
/// α = arcsin(c/√U), F = c²/(UΔ) + PΔ/U and G = 1/Δ² + (1 − P)/U + 1: T = (F + cα)/(2π) + c/4 and
/// Ṫ = cG/(2πΔ) + ¼ + α/(2π). The partials follow from ∂Δ/∂c = −c/Δ, ∂Δ/∂q1 = (q2 + 1)/(2Δ), ∂α/∂c = 1/Δ,
/// ∂α/∂q1 = −c(q2 + 1)/(2UΔ), ∂G/∂c = 2c/Δ⁴ and ∂G/∂q1 = −2(∂Δ/∂q1)/Δ³ − (q2·U + (1 − P)(q2 + 1))/U².
/// Δ ≥ 1 for any covariance, so nothing is singular. No parameters (approximate changes only the finite function).
/// </summary>
internal readonly partial struct GeluActivation : IDualDerivatives
{
    public int ParameterCount => 0;

    public string ParameterName(int parameter) => throw DualDerivativeMath.NoParameter("Gelu", parameter, 0);

    public DualPartials Partials(double c, double q1, double q2)
    {
        double p = q1 * q2, u = (q1 + 1) * (q2 + 1);
        double d2 = u - c * c, d = Math.Sqrt(d2), d3 = d2 * d;
        double g = 1 / d2 + (1 - p) / u + 1;
        double factorC = ((1 / d + c * c / d3) * g + c / d * (2 * c / (d2 * d2)) + 1 / d) / (2 * Math.PI);
        var (nngpQ1, factorQ1) = QSlopes(c, q1, q2);
        var (nngpQ2, factorQ2) = QSlopes(c, q2, q1);
        return new DualPartials(NtkFactor(c, q1, q2), nngpQ1, nngpQ2, factorC, factorQ1, factorQ2);
    }

    /// <summary>∂T/∂q1 and ∂Ṫ/∂q1 (swap the variances for q2).</summary>
    private static (double Nngp, double Factor) QSlopes(double c, double q1, double q2)
    {
        double p = q1 * q2, u = (q1 + 1) * (q2 + 1);
        double d2 = u - c * c, d = Math.Sqrt(d2), d3 = d2 * d;
        double uSlope = q2 + 1, pSlope = q2, dSlope = uSlope / (2 * d);
        double ud = u * d;
        double fSlope = -c * c * (uSlope * d + u * dSlope) / (ud * ud) + (pSlope * d + p * dSlope) / u - p * d * uSlope / (u * u);
        double alphaSlope = -c * uSlope / (2 * ud);
        double g = 1 / d2 + (1 - p) / u + 1;
        double gSlope = -2 * dSlope / d3 - (pSlope * u + (1 - p) * uSlope) / (u * u);
        double nngp = (fSlope + c * alphaSlope) / (2 * Math.PI);
        double factor = (-c * dSlope / d2 * g + c / d * gSlope + alphaSlope) / (2 * Math.PI);
        return (nngp, factor);
    }

    public string? Singularity(double c, double q1, double q2) => null;

    public DiagonalSlopes Diagonal(double q) => DualDerivativeMath.Diagonal(Partials(q, q, q));

    public ParameterPartials ParameterPartials(int parameter, double c, double q1, double q2) =>
        throw DualDerivativeMath.NoParameter("Gelu", parameter, 0);

    public ParameterPartials DiagonalParameterPartials(int parameter, double q) =>
        throw DualDerivativeMath.NoParameter("Gelu", parameter, 0);
}
