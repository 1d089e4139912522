namespace NeuralTangents.Numerics;

/// <summary>
/// Finite-difference derivatives for user-supplied functions that come without one (host code only).
/// </summary>
/// <remarks>
/// <para>The interior formula is the sixth-order central difference
/// f'(x) ≈ [45(f(x+h) − f(x−h)) − 9(f(x+2h) − f(x−2h)) + (f(x+3h) − f(x−3h))]/(60h), truncation error
/// h⁶·f⁽⁷⁾/140. With h = 2⁻⁸·scale (≈ ε^{1/7}, ε the double epsilon) the truncation and rounding errors balance
/// at about 1e-13 relative for functions smooth on the scale of <c>scale</c>.</para>
/// <para>Where the stencil would leave the domain, the one-sided sixth-order formula
/// f'(x) ≈ ±[−49/20·f₀ + 6f₁ − 15/2·f₂ + 20/3·f₃ − 15/4·f₄ + 6/5·f₅ − 1/6·f₆]/h (f_k = f(x ± k·h)) is used
/// instead, with the same h, stepping into the domain; it is accurate to about 1e-11 relative for smooth f.
/// Neither formula can resolve a function that is not smooth at x (a kink, or a map like arcsin whose
/// derivatives blow up at the edge of the domain): there the result is a smoothed, less accurate value.</para>
/// </remarks>
internal static class NumericalDerivative
{
    /// <summary>The relative step 2⁻⁸.</summary>
    public const double RelativeStep = 1.0 / 256;

    /// <summary>f'(x) by the central formula with h = 2⁻⁸·max(1, |x|).</summary>
    public static double Central(Func<double, double> f, double x) => Central(f, x, RelativeStep * Math.Max(1, Math.Abs(x)));

    /// <summary>f'(x) by the sixth-order central formula with step h.</summary>
    public static double Central(Func<double, double> f, double x, double h)
    {
        double d1 = f(x + h) - f(x - h);
        double d2 = f(x + 2 * h) - f(x - 2 * h);
        double d3 = f(x + 3 * h) - f(x - 3 * h);
        return (45 * d1 - 9 * d2 + d3) / (60 * h);
    }

    /// <summary>f'(x) by the sixth-order one-sided formula with step h; direction +1 looks right, −1 left.</summary>
    public static double OneSided(Func<double, double> f, double x, double h, int direction)
    {
        double s = direction >= 0 ? h : -h;
        double sum = -49.0 / 20 * f(x) + 6 * f(x + s) - 15.0 / 2 * f(x + 2 * s) + 20.0 / 3 * f(x + 3 * s)
            - 15.0 / 4 * f(x + 4 * s) + 6.0 / 5 * f(x + 5 * s) - 1.0 / 6 * f(x + 6 * s);
        return sum / s;
    }

    /// <summary>
    /// f'(x) for f defined on [lower, upper]: central with h = 2⁻⁸·scale where x ± 3h stays inside, otherwise
    /// one-sided into the domain (which must be at least 6h wide).
    /// </summary>
    public static double Bounded(Func<double, double> f, double x, double lower, double upper, double scale)
    {
        double h = RelativeStep * scale;
        if (x - 3 * h >= lower && x + 3 * h <= upper) return Central(f, x, h);
        if (upper - lower < 6 * h) return Central(f, x, h);
        return x + 3 * h > upper ? OneSided(f, x, h, -1) : OneSided(f, x, h, +1);
    }
}
