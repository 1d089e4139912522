using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Numerics;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// φ(x) = xⁿ for n ∈ {0, …, 5} (x⁰ = 1). With P = q1 q2, T is the Isserlis (Wick) sum E[uⁿvⁿ]:
/// T₀ = 1, T₁ = c, T₂ = 2c² + P, T₃ = 6c³ + 9cP, T₄ = 24c⁴ + 72c²P + 9P², T₅ = 120c⁵ + 600c³P + 225cP²;
/// Ṫ = n²·T_{n−1} (Price's theorem); T_d = (2n − 1)!!·qⁿ (nt-math §14).
/// </summary>
internal readonly partial struct MonomialActivation : IDualActivation, IActivationFunction
{
    /// <summary>The largest degree with a closed form, as in Neural Tangents.</summary>
    public const int MaxDegree = Rules.ActivationRules.MonomialMaxDegree;

    private readonly int _degree;

    public MonomialActivation(int degree)
    {
        _degree = degree;
    }

    public double Nngp(double c, double q1, double q2) => Moment(_degree, c, q1 * q2);

    public double NtkFactor(double c, double q1, double q2) =>
        _degree == 0 ? 0 : _degree * _degree * Moment(_degree - 1, c, q1 * q2);

    public double Variance(double q)
    {
        double result = 1;
        for (int k = 1; k <= _degree; k++) result *= (2 * k - 1) * q;
        return result;
    }

    public double Apply(double x)
    {
        double result = 1;
        for (int k = 0; k < _degree; k++) result *= x;
        return result;
    }

    public double Derivative(double x)
    {
        if (_degree == 0) return 0;
        double result = _degree;
        for (int k = 1; k < _degree; k++) result *= x;
        return result;
    }

    /// <summary>E[uⁿvⁿ] for a centred Gaussian pair with covariance c and variance product p.</summary>
    private static double Moment(int degree, double c, double p)
    {
        double c2 = c * c;
        switch (degree)
        {
            case 0: return 1;
            case 1: return c;
            case 2: return 2 * c2 + p;
            case 3: return c * (6 * c2 + 9 * p);
            case 4: return 24 * c2 * c2 + 72 * c2 * p + 9 * p * p;
            default: return c * (120 * c2 * c2 + 600 * c2 * p + 225 * p * p);
        }
    }

    public void Taylor(ReadOnlySpan<double> x, Span<double> y) => TaylorSeries.Power(x, _degree, y);
}
