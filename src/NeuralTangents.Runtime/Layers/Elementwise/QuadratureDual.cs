using System.Globalization;
using NeuralTangents.Numerics;

namespace NeuralTangents.Layers.Elementwise;

/// <summary>
/// The dual of any φ by two-dimensional Gauss–Hermite quadrature of degree n (nt-math §14.2), on the host.
/// With the n-node physicists' rule (x_k, w_k) and the Cholesky parametrization of the Gaussian pair,
/// u = √(2q1)·x, v = c·√(2/q1)·x + √(2(q2 − c²/q1))·y:
/// T ≈ (1/π)·Σ_{k,l} w_k w_l·φ(u_k)·φ(v_kl), Ṫ ≈ the same sum with φ' in place of φ (quadrature of
/// E[φ'(u)φ'(v)], not a derivative of T), and T_d(q) ≈ (1/√π)·Σ_k w_k·φ(√(2q)·x_k)².
/// Cost O(n²) evaluations of φ per entry; exact for polynomials of degree below 2n in each variable,
/// spectrally accurate for smooth φ, slow to converge for φ with kinks or jumps.
/// </summary>
internal sealed class QuadratureDual : IHostDual
{
    private readonly Func<double, double> _fn;
    private readonly Func<double, double> _derivative;
    private readonly GaussHermiteRule _rule;

    /// <param name="fn">φ (thread-safe: called concurrently).</param>
    /// <param name="derivative">φ' (thread-safe).</param>
    /// <param name="degree">Nodes per dimension, 1 to <see cref="GaussHermite.MaxDegree"/>.</param>
    public QuadratureDual(Func<double, double> fn, Func<double, double> derivative, int degree)
    {
        _fn = fn;
        _derivative = derivative;
        _rule = GaussHermite.Rule(degree);
    }

    public int Degree => _rule.Degree;

    public double Nngp(double c, double q1, double q2) => Expectation(_fn, c, q1, q2);

    public double NtkFactor(double c, double q1, double q2) => Expectation(_derivative, c, q1, q2);

    public double Variance(double q)
    {
        var x = _rule.Nodes;
        var w = _rule.Weights;
        double scale = Math.Sqrt(2 * Math.Max(q, 0)), sum = 0;
        for (int k = 0; k < x.Length; k++)
        {
            double value = _fn(scale * x[k]);
            sum += w[k] * value * value;
        }
        return sum / Math.Sqrt(Math.PI);
    }

    public string DescribeNonFinite(DualMap map, double c, double q1, double q2, double value)
    {
        var (f, label) = map == DualMap.NtkFactor
            ? (_derivative, "φ' (the derivative passed to Stax.ElementwiseNumerical, or the central difference of fn)")
            : (_fn, "φ (the fn passed to Stax.ElementwiseNumerical)");
        string where = map == DualMap.Variance
            ? string.Create(CultureInfo.InvariantCulture, $"u ~ N(0, {q1:G6})")
            : string.Create(CultureInfo.InvariantCulture, $"(u, v) ~ N(0, [[{q1:G6}, {c:G6}], [{c:G6}, {q2:G6}]])");
        foreach (double x in Arguments(map, c, q1, q2))
        {
            double y = f(x);
            if (!double.IsFinite(y))
                return string.Create(CultureInfo.InvariantCulture,
                    $"{label} returned {y} at x = {x:G6}, one of the Gauss–Hermite nodes at which the kernel integrates it against {where}; give a function that is finite on the whole real line.");
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"{label} is finite at every Gauss–Hermite node for {where}, but its expectation overflows double ({value}); the variances reaching this layer are too large for φ: rescale the inputs or the weight variances.");
    }

    /// <summary>Every argument at which <paramref name="map"/> evaluates its function, in the order it does.</summary>
    private IEnumerable<double> Arguments(DualMap map, double c, double q1, double q2)
    {
        var x = _rule.Nodes;
        if (map == DualMap.Variance || q1 <= 0 || q2 <= 0)
        {
            if (map != DualMap.Variance) yield return 0;
            double q = map == DualMap.Variance ? q1 : Math.Max(q1, q2);
            for (int k = 0; k < x.Length; k++) yield return Math.Sqrt(2 * Math.Max(q, 0)) * x[k];
            yield break;
        }
        double scaleU = Math.Sqrt(2 * q1), slope = c * Math.Sqrt(2 / q1), scaleV = Math.Sqrt(Math.Max(0, 2 * (q2 - c * c / q1)));
        for (int k = 0; k < x.Length; k++)
        {
            yield return scaleU * x[k];
            for (int l = 0; l < x.Length; l++) yield return slope * x[k] + scaleV * x[l];
        }
    }

    /// <summary>E[f(u)·f(v)] for (u, v) ~ N(0, [[q1, c], [c, q2]]).</summary>
    private double Expectation(Func<double, double> f, double c, double q1, double q2)
    {
        // A variable of variance 0 is the constant 0 (and then c = 0): the expectation factorizes.
        if (q1 <= 0) return f(0) * Mean(f, q2);
        if (q2 <= 0) return f(0) * Mean(f, q1);
        var x = _rule.Nodes;
        var w = _rule.Weights;
        double scaleU = Math.Sqrt(2 * q1);
        double slope = c * Math.Sqrt(2 / q1);
        double scaleV = Math.Sqrt(Math.Max(0, 2 * (q2 - c * c / q1)));
        double total = 0;
        for (int k = 0; k < x.Length; k++)
        {
            double inner = 0, shift = slope * x[k];
            for (int l = 0; l < x.Length; l++) inner += w[l] * f(shift + scaleV * x[l]);
            total += w[k] * f(scaleU * x[k]) * inner;
        }
        return total / Math.PI;
    }

    /// <summary>E[f(u)] for u ~ N(0, q).</summary>
    private double Mean(Func<double, double> f, double q)
    {
        var x = _rule.Nodes;
        var w = _rule.Weights;
        double scale = Math.Sqrt(2 * Math.Max(q, 0)), sum = 0;
        for (int k = 0; k < x.Length; k++) sum += w[k] * f(scale * x[k]);
        return sum / Math.Sqrt(Math.PI);
    }
}
