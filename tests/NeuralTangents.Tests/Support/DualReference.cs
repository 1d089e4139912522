using NeuralTangents.Numerics;

namespace NeuralTangents.Tests.Support;

/// <summary>
/// Independent references for E[f(u)·g(v)] over a centred Gaussian pair (u, v) with variances q1, q2 and
/// covariance c, written without the library's closed forms.
/// </summary>
internal static class DualReference
{
    /// <summary>
    /// Two-dimensional Gauss–Hermite quadrature after diagonalizing the covariance: (u, v) = R·(√λ₁ z₁, √λ₂ z₂)
    /// with R the eigenvector rotation (the library's quadrature uses the Cholesky factor instead). Spectrally
    /// accurate for smooth f, g; the smaller eigenvalue is det/λ₁, so ρ ≈ ±1 loses nothing.
    /// </summary>
    public static double Quadrature(Func<double, double> f, Func<double, double> g, double c, double q1, double q2, int degree)
    {
        var rule = GaussHermite.Rule(degree);
        double mean = (q1 + q2) / 2, half = (q1 - q2) / 2;
        double lambda1 = mean + Math.Sqrt(half * half + c * c);
        double lambda2 = Math.Max(0, (q1 * q2 - c * c) / lambda1);
        double angle = 0.5 * Math.Atan2(2 * c, q1 - q2);
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        double s1 = Math.Sqrt(2 * lambda1), s2 = Math.Sqrt(2 * lambda2);
        double total = 0;
        for (int k = 0; k < rule.Degree; k++)
        {
            double a = s1 * rule.Nodes[k];
            double inner = 0;
            for (int l = 0; l < rule.Degree; l++)
            {
                double b = s2 * rule.Nodes[l];
                inner += rule.Weights[l] * f(cos * a - sin * b) * g(sin * a + cos * b);
            }
            total += rule.Weights[k] * inner;
        }
        return total / Math.PI;
    }

    /// <summary>E[h(u)] for u ~ N(0, q) by one-dimensional Gauss–Hermite quadrature.</summary>
    public static double Mean(Func<double, double> h, double q, int degree)
    {
        var rule = GaussHermite.Rule(degree);
        double sum = 0;
        for (int k = 0; k < rule.Degree; k++) sum += rule.Weights[k] * h(Math.Sqrt(2 * q) * rule.Nodes[k]);
        return sum / Math.Sqrt(Math.PI);
    }

    /// <summary>
    /// E[f(u)·g(v)] for f, g positively homogeneous of degree n (f(r·x) = rⁿf(x), r &gt; 0; kinks and jumps at 0
    /// allowed), reduced to one dimension in polar coordinates: with (u, v) = r·(A(t), B(t)) for a whitened pair,
    /// E = (2ⁿ·n!/(2π))·∫₀^{2π} f(A(t))·g(B(t)) dt. The integrand is smooth between the four zeros of A and B,
    /// so Gauss–Legendre on each piece is accurate to rounding. (Quadrature in u, v would converge slowly.)
    /// </summary>
    public static double Homogeneous(Func<double, double> f, Func<double, double> g, int n, double c, double q1, double q2)
    {
        // u = √q1·z₁ = √q1·r·cos t; v = (c/√q1)·z₁ + √(q2 − c²/q1)·z₂ = √q2·r·cos(t − β).
        double a = Math.Sqrt(q1);
        double b1 = c / a, b2 = Math.Sqrt(Math.Max(0, q2 - c * c / q1));
        double beta = Math.Atan2(b2, b1);
        var cuts = new List<double> { 0, 2 * Math.PI };
        foreach (double t in new[] { Math.PI / 2, 3 * Math.PI / 2, beta + Math.PI / 2, beta - Math.PI / 2, beta + 3 * Math.PI / 2 })
        {
            double wrapped = t % (2 * Math.PI);
            if (wrapped < 0) wrapped += 2 * Math.PI;
            cuts.Add(wrapped);
        }
        cuts.Sort();
        double integral = 0;
        for (int p = 0; p + 1 < cuts.Count; p++)
            integral += GaussLegendre.Integrate(t => f(a * Math.Cos(t)) * g(b1 * Math.Cos(t) + b2 * Math.Sin(t)), cuts[p], cuts[p + 1], 48);
        double radial = Math.Pow(2, n);
        for (int k = 2; k <= n; k++) radial *= k;
        return radial / (2 * Math.PI) * integral;
    }
}

/// <summary>Gauss–Legendre quadrature on [a, b] (nodes by Newton's method on the Legendre recurrence).</summary>
internal static class GaussLegendre
{
    private static readonly Dictionary<int, (double[] Nodes, double[] Weights)> Cache = new();

    public static double Integrate(Func<double, double> f, double a, double b, int n)
    {
        if (b <= a) return 0;
        var (x, w) = Rule(n);
        double mid = (a + b) / 2, half = (b - a) / 2, sum = 0;
        for (int k = 0; k < n; k++) sum += w[k] * f(mid + half * x[k]);
        return sum * half;
    }

    private static (double[] Nodes, double[] Weights) Rule(int n)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(n, out var rule)) return rule;
            var x = new double[n];
            var w = new double[n];
            for (int k = 0; k < n; k++)
            {
                double z = Math.Cos(Math.PI * (k + 0.75) / (n + 0.5)), derivative = 0;
                for (int iteration = 0; iteration < 100; iteration++)
                {
                    double p0 = 1, p1 = z;
                    for (int j = 2; j <= n; j++)
                    {
                        double p2 = ((2 * j - 1) * z * p1 - (j - 1) * p0) / j;
                        p0 = p1;
                        p1 = p2;
                    }
                    derivative = n * (z * p1 - p0) / (z * z - 1);
                    double step = p1 / derivative;
                    z -= step;
                    if (Math.Abs(step) < 1e-16) break;
                }
                x[k] = z;
                w[k] = 2 / ((1 - z * z) * derivative * derivative);
            }
            Cache[n] = (x, w);
            return (x, w);
        }
    }
}
