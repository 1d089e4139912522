using ILGPU.Algorithms;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Numerics;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// φ(x) = 1[x ≥ 0]·xⁿ, whose dual is the arc-cosine kernel of order n (Cho and Saul; nt-math §14):
/// T = (√(q1 q2))ⁿ/(2π)·J_n(θ), θ the angle between the Gaussians; T_d = (2n − 1)!!·qⁿ/2.
/// Ṫ = ∂T/∂c = n²·(√(q1 q2))^{n−1}/(2π)·J_{n−1}(θ) (Price's theorem: φ' = n·1[x ≥ 0]x^{n−1}); for n = 0 the
/// NTK is set to zero, as in Neural Tangents.
/// </summary>
/// <remarks>
/// <para>J_n is evaluated in closed form, for n up to <see cref="MaxDegree"/>, in one of two ways:</para>
/// <para>For ρ = cos θ ≥ −0.2 by the three-term recursion J_n = (2n − 1)·cos θ·J_{n−1} + (n − 1)²·sin²θ·J_{n−2}
/// from J₀ = π − θ and J₁ = sin θ + (π − θ)cos θ. It follows from nt-math's Rodrigues-type definition
/// J_n = (2n − 1)cos θ·J_{n−1} − sin θ·J'_{n−1} together with J'_m = −m²·sin θ·J_{m−1} (Price's theorem).</para>
/// <para>For ρ &lt; −0.2 the recursion cancels (J_n shrinks like (π − θ)^{2n+1} while its terms do not), so
/// the series in W = 1 + ρ = 1 − cos(π − θ) is summed instead:
/// J_n = n·n!·∫₀^W (W − w)^{n−1} arccos(1 − w) dw = √2·(n!)²·W^{n+½}/Π_{j=1..n}(j + ½) · Σ_k t_k with
/// t₀ = 1 and t_{k+1}/t_k = (2k + 1)²·W/(4(k + 1)(2n + 2k + 3)) (the ratio tends to W/2 &lt; 0.4; terms are summed until one is below 1e-17 of the sum, at most 80 terms).
/// The integral form is the n-fold repeated integral of J₀ implied by Price's theorem; the series expands
/// arccos(1 − w) = 2·arcsin√(w/2) termwise. Both branches agree with high-precision quadrature to about
/// 1e-13 relative for n ≤ 10 and ρ ≥ −0.999; nearer to ρ = −1 the map itself is ill-conditioned (J_n ∝
/// (1 + ρ)^{n+½}, so rounding of the inputs is amplified by about (n + ½)/(1 + ρ)).</para>
/// </remarks>
internal readonly partial struct RectifiedMonomialActivation : IDualActivation, IActivationFunction
{
    /// <summary>The largest supported degree (the closed forms above are validated up to it).</summary>
    public const int MaxDegree = Rules.ActivationRules.RectifiedMonomialMaxDegree;

    private const double SeriesBelow = -0.2;
    private const int MaxSeriesTerms = 80;

    private readonly int _degree;

    public RectifiedMonomialActivation(int degree)
    {
        _degree = degree;
    }

    public double Nngp(double c, double q1, double q2) => Scaled(_degree, c, q1, q2);

    public double NtkFactor(double c, double q1, double q2) =>
        _degree == 0 ? 0 : _degree * _degree * Scaled(_degree - 1, c, q1, q2);

    public double Variance(double q)
    {
        double result = 0.5;
        for (int k = 1; k <= _degree; k++) result *= (2 * k - 1) * q;
        return result;
    }

    public double Apply(double x)
    {
        if (x < 0) return 0;
        double result = 1;
        for (int k = 0; k < _degree; k++) result *= x;
        return result;
    }

    public double Derivative(double x)
    {
        if (x < 0 || _degree == 0) return 0;
        double result = _degree;
        for (int k = 1; k < _degree; k++) result *= x;
        return result;
    }

    /// <summary>E[u₊ⁿ v₊ⁿ] = (√(q1 q2))ⁿ/(2π)·J_n(θ).</summary>
    private static double Scaled(int degree, double c, double q1, double q2)
    {
        double norm = DualMath.SqrtClamped(q1 * q2);
        double power = 1;
        for (int k = 0; k < degree; k++) power *= norm;
        return power / (2 * Math.PI) * J(degree, c, q1, q2);
    }

    /// <summary>The angular part J_n(θ) of the arc-cosine kernel.</summary>
    private static double J(int degree, double c, double q1, double q2)
    {
        double sine = DualMath.Sine(c, q1, q2);
        double norm = DualMath.SqrtClamped(q1 * q2);
        // ε = π − θ, computed directly so that it keeps its relative accuracy near ρ = −1.
        double epsilon = sine == 0 && c == 0 ? Math.PI / 2 : XMath.Atan2(sine, -c);
        if (degree == 0) return epsilon;
        double cosTheta = norm > 0 ? c / norm : 0;
        double sinTheta = norm > 0 ? sine / norm : 1;
        if (cosTheta < SeriesBelow) return Series(degree, epsilon);

        double previous = epsilon;
        double current = sinTheta + epsilon * cosTheta;
        for (int m = 2; m <= degree; m++)
        {
            double next = (2 * m - 1) * cosTheta * current + (m - 1) * (m - 1) * sinTheta * sinTheta * previous;
            previous = current;
            current = next;
        }
        return current;
    }

    /// <summary>J_n(π − ε) by the series in W = 1 − cos ε = 2 sin²(ε/2) (accurate for small ε).</summary>
    private static double Series(int degree, double epsilon)
    {
        double half = XMath.Sin(epsilon / 2);
        double w = 2 * half * half;
        double lead = XMath.Sqrt(2 * w);
        for (int j = 1; j <= degree; j++) lead *= j * j * w / (j + 0.5);
        double term = 1, sum = 0;
        for (int k = 0; k < MaxSeriesTerms; k++)
        {
            sum += term;
            term *= (2 * k + 1) * (2 * k + 1) * w / (4.0 * (k + 1) * (2 * degree + 2 * k + 3));
            if (term < 1e-17 * sum) break;
        }
        return lead * sum;
    }

    public void Taylor(ReadOnlySpan<double> x, Span<double> y)
    {
        if (x[0] < 0) y.Clear();
        else TaylorSeries.Power(x, _degree, y);
    }
}
