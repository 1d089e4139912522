namespace NeuralTangents.Numerics;

/// <summary>
/// Special functions the BCL lacks, for host-side code (finite activations, quadrature). Accurate to about
/// 1e-15 relative; not for use inside device kernels.
/// </summary>
internal static class SpecialFunctions
{
    private const double TwoOverSqrtPi = 1.1283791670955126;

    /// <summary>The error function.</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        double ax = Math.Abs(x);
        if (ax < 2.5)
        {
            // Maclaurin series: erf x = 2/√π · Σ (−1)ⁿ x^(2n+1) / (n!(2n+1)); terms stay below e^(x²) ≈ 500,
            // so cancellation costs at most three digits.
            double term = x, sum = x, x2 = x * x;
            for (int n = 1; n < 200; n++)
            {
                term *= -x2 / n;
                double contribution = term / (2 * n + 1);
                sum += contribution;
                if (Math.Abs(contribution) < 1e-17 * Math.Abs(sum)) break;
            }
            return TwoOverSqrtPi * sum;
        }
        double complement = Erfc(ax);
        return x > 0 ? 1 - complement : complement - 1;
    }

    /// <summary>The complementary error function 1 − erf(x).</summary>
    public static double Erfc(double x)
    {
        if (x < 2.5) return 1 - Erf(x);
        // Continued fraction erfc x = e^(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))), evaluated by the
        // modified Lentz method; it converges fast for x ≥ 2.5.
        const double Tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 500; n++)
        {
            double an = n / 2.0;
            d = x + an * d;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = x + an / c;
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(-x * x) / (Math.Sqrt(Math.PI) * f);
    }

    /// <summary>The standard normal CDF Φ(x).</summary>
    public static double NormalCdf(double x) => x < -2.5 * Math.Sqrt(2) ? 0.5 * Erfc(-x / Math.Sqrt(2)) : 0.5 * (1 + Erf(x / Math.Sqrt(2)));
}
