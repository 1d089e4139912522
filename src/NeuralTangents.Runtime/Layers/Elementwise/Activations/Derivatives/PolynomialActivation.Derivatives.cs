using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// The derivative maps of Σ_k a_k·x^k. From T = Σ_l l!·A_l(q1)A_l(q2)·c^l (A_l(q) = Σ_i a_{l+2i}·f_{l,i}·q^i,
/// f_{l,i} = (l + 2i)!/(2^i·i!·l!)): ∂T/∂q1 = Σ_l l!·A_l'(q1)A_l(q2)·c^l, ∂Ṫ/∂c = Σ_{l ≥ 2} l(l − 1)·l!·A_l A_l·c^{l−2},
/// ∂Ṫ/∂q1 = Σ_{l ≥ 1} l·l!·A_l'(q1)A_l(q2)·c^{l−1}; the coefficient a_k enters A_l for l ≤ k of k's parity, as
/// ∂A_l(q)/∂a_k = f_{l,(k−l)/2}·q^{(k−l)/2}. Parameters coef[0] … coef[count − 1] (the JSON array's entries).
/// </summary>
internal readonly partial struct PolynomialActivation : IDualDerivatives
{
    public int ParameterCount => _count;

    public string ParameterName(int parameter) =>
        parameter >= 0 && parameter < _count ? $"coef[{parameter}]" : throw DualDerivativeMath.NoParameter("Polynomial", parameter, _count);

    public DualPartials Partials(double c, double q1, double q2)
    {
        double nngpQ1 = 0, nngpQ2 = 0, factorC = 0, factorQ1 = 0, factorQ2 = 0, factorial = 1;
        for (int l = 0; l < _count; l++)
        {
            if (l > 0) factorial *= l;
            double a1 = HermiteCoefficient(l, q1), a2 = HermiteCoefficient(l, q2);
            double s1 = HermiteCoefficientSlope(l, q1), s2 = HermiteCoefficientSlope(l, q2);
            double power = DualDerivativeMath.Power(c, l);
            nngpQ1 += factorial * s1 * a2 * power;
            nngpQ2 += factorial * a1 * s2 * power;
            if (l >= 1)
            {
                double lower = DualDerivativeMath.Power(c, l - 1);
                factorQ1 += l * factorial * s1 * a2 * lower;
                factorQ2 += l * factorial * a1 * s2 * lower;
            }
            if (l >= 2) factorC += l * (l - 1) * factorial * a1 * a2 * DualDerivativeMath.Power(c, l - 2);
        }
        return new DualPartials(NtkFactor(c, q1, q2), nngpQ1, nngpQ2, factorC, factorQ1, factorQ2);
    }

    public string? Singularity(double c, double q1, double q2) => null;

    public DiagonalSlopes Diagonal(double q) => DualDerivativeMath.Diagonal(Partials(q, q, q));

    public ParameterPartials ParameterPartials(int parameter, double c, double q1, double q2)
    {
        if (parameter < 0 || parameter >= _count) throw DualDerivativeMath.NoParameter("Polynomial", parameter, _count);
        double nngp = 0, factor = 0, factorial = 1;
        for (int l = 0; l <= parameter; l++)
        {
            if (l > 0) factorial *= l;
            if ((parameter - l) % 2 != 0) continue;
            double d1 = HermiteCoefficientByCoefficient(l, parameter, q1), d2 = HermiteCoefficientByCoefficient(l, parameter, q2);
            double product = d1 * HermiteCoefficient(l, q2) + HermiteCoefficient(l, q1) * d2;
            nngp += factorial * product * DualDerivativeMath.Power(c, l);
            if (l >= 1) factor += l * factorial * product * DualDerivativeMath.Power(c, l - 1);
        }
        return new ParameterPartials(nngp, factor);
    }

    public ParameterPartials DiagonalParameterPartials(int parameter, double q) => ParameterPartials(parameter, q, q, q);

    /// <summary>A_l'(q) = Σ_{i ≥ 1} a_{l+2i}·f_{l,i}·i·q^{i−1}.</summary>
    private double HermiteCoefficientSlope(int l, double q)
    {
        double sum = 0, factor = 1, power = 1;
        for (int i = 0; l + 2 * i < _count; i++)
        {
            if (i >= 1)
            {
                sum += Coefficient(l + 2 * i) * factor * i * power;
                power *= q;
            }
            factor *= (double)(l + 2 * i + 1) * (l + 2 * i + 2) / (2 * (i + 1));
        }
        return sum;
    }

    /// <summary>∂A_l(q)/∂a_k = f_{l,i}·q^i with k = l + 2i (the caller ensures k − l is even and non-negative).</summary>
    private static double HermiteCoefficientByCoefficient(int l, int k, double q)
    {
        int steps = (k - l) / 2;
        double factor = 1, power = 1;
        for (int i = 0; i < steps; i++)
        {
            factor *= (double)(l + 2 * i + 1) * (l + 2 * i + 2) / (2 * (i + 1));
            power *= q;
        }
        return factor * power;
    }
}
