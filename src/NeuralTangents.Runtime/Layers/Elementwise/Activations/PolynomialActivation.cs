using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Numerics;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// φ(x) = Σ_k a_k·x^k with up to <see cref="MaxCoefficients"/> coefficients (degree ≤ 7), stored inline as
/// fields because device-kernel parameters must be blittable structs. Expanding u = √q·z in probabilists'
/// Hermite polynomials, φ(u) = Σ_l A_l(q)·q^{l/2}·He_l(z) with
/// A_l(q) = Σ_{i ≥ 0, l + 2i &lt; D} a_{l+2i}·(l + 2i)!/(2^i·i!·l!)·q^i, and E[He_l(z₁)He_m(z₂)] = δ_lm·l!·ρ^l give
/// T = Σ_l l!·A_l(q1)A_l(q2)·c^l, Ṫ = Σ_{l ≥ 1} l·l!·A_l(q1)A_l(q2)·c^{l−1}, T_d = Σ_l l!·A_l(q)²·q^l.
/// This is nt-math §14's form with r_l(q) = √(l!)·A_l(q)·q^{l/2}, rewritten without ρ so that it stays finite
/// when a variance is zero.
/// </summary>
internal readonly partial struct PolynomialActivation : IDualActivation, IActivationFunction
{
    /// <summary>The coefficient capacity of the inline layout.</summary>
    public const int MaxCoefficients = Rules.ActivationRules.PolynomialMaxCoefficients;

    private readonly int _count;
    private readonly double _a0, _a1, _a2, _a3, _a4, _a5, _a6, _a7;

    /// <summary>Copies 1 to <see cref="MaxCoefficients"/> coefficients, lowest degree first (validated by the factory).</summary>
    public PolynomialActivation(ReadOnlySpan<double> coefficients)
        : this(CheckedCount(coefficients), At(coefficients, 0), At(coefficients, 1), At(coefficients, 2), At(coefficients, 3),
            At(coefficients, 4), At(coefficients, 5), At(coefficients, 6), At(coefficients, 7))
    {
    }

    /// <summary>
    /// The inline form: <paramref name="count"/> coefficients a0 … a(count−1), the rest zero. Usable in device code
    /// (fused kernels build the struct there), so it does not validate.
    /// </summary>
    public PolynomialActivation(int count, double a0, double a1, double a2, double a3, double a4, double a5, double a6, double a7)
    {
        _count = count;
        _a0 = a0;
        _a1 = a1;
        _a2 = a2;
        _a3 = a3;
        _a4 = a4;
        _a5 = a5;
        _a6 = a6;
        _a7 = a7;
    }

    public double Nngp(double c, double q1, double q2)
    {
        double sum = 0, power = 1, factorial = 1;
        for (int l = 0; l < _count; l++)
        {
            if (l > 0) factorial *= l;
            sum += factorial * HermiteCoefficient(l, q1) * HermiteCoefficient(l, q2) * power;
            power *= c;
        }
        return sum;
    }

    public double NtkFactor(double c, double q1, double q2)
    {
        double sum = 0, power = 1, factorial = 1;
        for (int l = 1; l < _count; l++)
        {
            factorial *= l;
            sum += l * factorial * HermiteCoefficient(l, q1) * HermiteCoefficient(l, q2) * power;
            power *= c;
        }
        return sum;
    }

    public double Variance(double q) => Nngp(q, q, q);

    public double Apply(double x)
    {
        double result = 0;
        for (int k = _count - 1; k >= 0; k--) result = result * x + Coefficient(k);
        return result;
    }

    public double Derivative(double x)
    {
        double result = 0;
        for (int k = _count - 1; k >= 1; k--) result = result * x + k * Coefficient(k);
        return result;
    }

    /// <summary>A_l(q) = Σ_i a_{l+2i}·(l + 2i)!/(2^i·i!·l!)·q^i.</summary>
    private double HermiteCoefficient(int l, double q)
    {
        double sum = 0, factor = 1, power = 1;
        for (int i = 0; l + 2 * i < _count; i++)
        {
            sum += Coefficient(l + 2 * i) * factor * power;
            factor *= (double)(l + 2 * i + 1) * (l + 2 * i + 2) / (2 * (i + 1));
            power *= q;
        }
        return sum;
    }

    private double Coefficient(int k)
    {
        switch (k)
        {
            case 0: return _a0;
            case 1: return _a1;
            case 2: return _a2;
            case 3: return _a3;
            case 4: return _a4;
            case 5: return _a5;
            case 6: return _a6;
            default: return _a7;
        }
    }

    private static double At(ReadOnlySpan<double> values, int index) => index < values.Length ? values[index] : 0;

    private static int CheckedCount(ReadOnlySpan<double> coefficients) => coefficients.Length <= MaxCoefficients
        ? coefficients.Length
        : throw new ArgumentException($"At most {MaxCoefficients} coefficients fit, got {coefficients.Length}.", nameof(coefficients));

    public void Taylor(ReadOnlySpan<double> x, Span<double> y)
    {
        // Horner's rule on series: y ← y·x + a_k from the top coefficient down.
        Span<double> product = stackalloc double[x.Length];
        y.Clear();
        for (int k = _count - 1; k >= 0; k--)
        {
            TaylorSeries.Multiply(y, x, product);
            product.CopyTo(y);
            y[0] += Coefficient(k);
        }
    }
}
