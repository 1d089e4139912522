using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// The derivative maps of 1[x ≥ 0]·xⁿ. Write K_m = E[u₊^m v₊^m] = (√(q1 q2))^m·J_m(θ)/(2π), so T = K_n and
/// Ṫ = n²·K_{n−1} (0 for n = 0). Price's theorem gives ∂K_m/∂c = m²·K_{m−1} for m ≥ 1, and scaling u alone by √λ
/// (c → √λ·c, q1 → λ·q1, K_m → λ^{m/2}·K_m) gives Euler's relation ½c·∂K/∂c + q1·∂K/∂q1 = (m/2)·K, so
/// ∂K_m/∂q1 = m·(K_m − m·c·K_{m−1})/(2q1). For m = 0, K_0 = (π − θ)/(2π): ∂K_0/∂c = 1/(2πS) and
/// ∂K_0/∂q1 = −c/(4π q1 S) with S = √(q1 q2 − c²), infinite at ρ = ±1: T's partials for n = 0 and Ṫ's for n = 1 do
/// not exist there. On the self-diagonal K_m(q; q, q) = (2m − 1)!!·q^m/2. No scalar parameters.
/// </summary>
internal readonly partial struct RectifiedMonomialActivation : IDualDerivatives
{
    public int ParameterCount => 0;

    public string ParameterName(int parameter) => throw DualDerivativeMath.NoParameter("RectifiedMonomial", parameter, 0);

    public DualPartials Partials(double c, double q1, double q2)
    {
        var (nngpC, nngpQ1, nngpQ2) = MomentSlopes(_degree, c, q1, q2);
        if (_degree == 0) return new DualPartials(nngpC, nngpQ1, nngpQ2, 0, 0, 0);
        var (factorC, factorQ1, factorQ2) = MomentSlopes(_degree - 1, c, q1, q2);
        double square = _degree * _degree;
        return new DualPartials(nngpC, nngpQ1, nngpQ2, square * factorC, square * factorQ1, square * factorQ2);
    }

    public string? Singularity(double c, double q1, double q2)
    {
        if (_degree > 1 || DualMath.Sine(c, q1, q2) != 0) return null;
        return DualDerivativeMath.PerfectCorrelation(_degree == 0 ? "T = (π − θ)/(2π)" : "Ṫ = (π − θ)/(2π)", c, q1, q2);
    }

    public DiagonalSlopes Diagonal(double q)
    {
        int n = _degree;
        // d/dq of (2n − 1)!!·qⁿ/2, and of n²·(2n − 3)!!·q^{n−1}/2 (Ṫ(q; q, q) = n²·K_{n−1}(q; q, q)).
        double variance = n >= 1 ? DoubleFactorial(2 * n - 1) * n * DualDerivativeMath.Power(q, n - 1) / 2 : 0;
        double factor = n >= 2 ? n * n * DoubleFactorial(2 * n - 3) * (n - 1) * DualDerivativeMath.Power(q, n - 2) / 2 : 0;
        return new DiagonalSlopes(variance, factor);
    }

    public ParameterPartials ParameterPartials(int parameter, double c, double q1, double q2) =>
        throw DualDerivativeMath.NoParameter("RectifiedMonomial", parameter, 0);

    public ParameterPartials DiagonalParameterPartials(int parameter, double q) =>
        throw DualDerivativeMath.NoParameter("RectifiedMonomial", parameter, 0);

    /// <summary>(∂K_m/∂c, ∂K_m/∂q1, ∂K_m/∂q2).</summary>
    private static (double C, double Q1, double Q2) MomentSlopes(int m, double c, double q1, double q2)
    {
        if (m == 0)
        {
            double sine = DualMath.Sine(c, q1, q2);
            return (1 / (2 * Math.PI * sine), -c / (4 * Math.PI * q1 * sine), -c / (4 * Math.PI * q2 * sine));
        }
        double moment = Scaled(m, c, q1, q2), lower = Scaled(m - 1, c, q1, q2);
        double euler = m * (moment - m * c * lower);
        return (m * m * lower, euler / (2 * q1), euler / (2 * q2));
    }

    /// <summary>(2k − 1)!! = 1·3·…·(2k − 1) for an odd argument; 1 for −1.</summary>
    private static double DoubleFactorial(int odd)
    {
        double result = 1;
        for (int k = odd; k > 1; k -= 2) result *= k;
        return result;
    }
}
