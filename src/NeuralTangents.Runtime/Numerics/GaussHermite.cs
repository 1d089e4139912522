using System.Collections.Concurrent;

namespace NeuralTangents.Numerics;

/// <summary>
/// Gauss–Hermite quadrature for the physicists' weight e^{−x²}: ∫ f(x)e^{−x²}dx ≈ Σ_k w_k f(x_k), exact for
/// polynomials of degree below 2n. Rules are computed once per degree and cached.
/// </summary>
/// <remarks>
/// The nodes are the eigenvalues of the symmetric tridiagonal Jacobi matrix of the orthonormal Hermite
/// polynomials (zero diagonal, off-diagonal √(j/2)), found one by one by bisection on Sturm counts (the number
/// of negative pivots of the LDLᵀ factorization of J − xI), which is robust and accurate to a few ulps.
/// The weights are Christoffel numbers w_k = 1/Σ_{j&lt;n} p_j(x_k)², p_j the orthonormal polynomials evaluated
/// by their three-term recurrence (with rescaling, so that large degrees neither overflow nor give NaN).
/// Each node gets one Newton polish on p_n. Nodes are symmetric by construction: the positive half is
/// computed and mirrored.
/// </remarks>
internal static class GaussHermite
{
    /// <summary>The largest supported number of nodes.</summary>
    public const int MaxDegree = Rules.ActivationRules.QuadratureMaxDegree;

    private static readonly ConcurrentDictionary<int, GaussHermiteRule> Cache = new();

    /// <summary>The n-node rule (cached; treat the arrays as read-only).</summary>
    public static GaussHermiteRule Rule(int degree)
    {
        if (degree < 1 || degree > MaxDegree)
            throw new ArgumentOutOfRangeException(nameof(degree), degree, $"The Gauss–Hermite degree must be between 1 and {MaxDegree}.");
        return Cache.GetOrAdd(degree, Compute);
    }

    private static GaussHermiteRule Compute(int n)
    {
        var nodes = new double[n];
        var weights = new double[n];
        // All eigenvalues lie within the Gershgorin bound max_j (√(j/2) + √((j+1)/2)) < √(2n).
        double bound = Math.Sqrt(2.0 * n) + 1;
        for (int k = n / 2; k < n; k++)
        {
            // For odd n the middle node is exactly 0.
            if (n % 2 == 1 && k == n / 2) continue;
            // The k-th smallest eigenvalue (0-based) is the smallest x with more than k eigenvalues below it;
            // at x = 0 at most k are below (half the spectrum is negative, 0 itself is not counted).
            double lo = 0, hi = bound;
            while (true)
            {
                double mid = 0.5 * (lo + hi);
                if (mid <= lo || mid >= hi) break;
                if (CountBelow(n, mid) > k) hi = mid;
                else lo = mid;
            }
            nodes[k] = Polish(n, 0.5 * (lo + hi));
            nodes[n - 1 - k] = -nodes[k];
        }
        for (int k = n / 2; k < n; k++)
        {
            weights[k] = Christoffel(n, nodes[k]);
            weights[n - 1 - k] = weights[k];
        }
        return new GaussHermiteRule(nodes, weights);
    }

    /// <summary>The number of eigenvalues of the n×n Jacobi matrix below x (Sturm count).</summary>
    private static int CountBelow(int n, double x)
    {
        int count = 0;
        double pivot = -x;
        if (pivot < 0) count++;
        for (int j = 1; j < n; j++)
        {
            double offDiagonalSquared = j / 2.0;
            if (pivot == 0) pivot = 1e-300;
            pivot = -x - offDiagonalSquared / pivot;
            if (pivot < 0) count++;
        }
        return count;
    }

    /// <summary>One Newton step on p_n (p_n' = √(2n)·p_{n−1}), taken only when it is a small correction.</summary>
    private static double Polish(int n, double x)
    {
        double previous = 0, current = Math.Pow(Math.PI, -0.25);
        for (int j = 0; j < n; j++)
        {
            double next = (x * Math.Sqrt(2) * current - Math.Sqrt(j) * previous) / Math.Sqrt(j + 1);
            previous = current;
            current = next;
            if (Math.Abs(current) > 1e150)
            {
                previous /= 1e150;
                current /= 1e150;
            }
        }
        double step = current / (Math.Sqrt(2.0 * n) * previous);
        return double.IsFinite(step) && Math.Abs(step) < 1e-12 * Math.Max(1, Math.Abs(x)) ? x - step : x;
    }

    /// <summary>1/Σ_{j&lt;n} p_j(x)² with p_0 = π^{−1/4}, p_{j+1} = (x·√2·p_j − √j·p_{j−1})/√(j + 1).</summary>
    private static double Christoffel(int n, double x)
    {
        const double Big = 1e150;
        double previous = 0, current = Math.Pow(Math.PI, -0.25);
        double sum = current * current;
        // The sum is tracked as sum·e^{logScale}; rescaling keeps the recurrence finite.
        double logScale = 0;
        for (int j = 0; j < n - 1; j++)
        {
            double next = (x * Math.Sqrt(2) * current - Math.Sqrt(j) * previous) / Math.Sqrt(j + 1);
            previous = current;
            current = next;
            sum += current * current;
            if (Math.Abs(current) > Big)
            {
                previous /= Big;
                current /= Big;
                sum /= Big * Big;
                logScale += 2 * Math.Log(Big);
            }
        }
        return Math.Exp(-logScale - Math.Log(sum));
    }
}

/// <summary>The nodes x_k and weights w_k of an n-node Gauss–Hermite rule (weight e^{−x²}), nodes ascending.</summary>
internal sealed class GaussHermiteRule
{
    public GaussHermiteRule(double[] nodes, double[] weights)
    {
        Nodes = nodes;
        Weights = weights;
    }

    /// <summary>The nodes, ascending and symmetric about 0.</summary>
    public double[] Nodes { get; }

    /// <summary>The weights, summing to √π.</summary>
    public double[] Weights { get; }

    /// <summary>The number of nodes.</summary>
    public int Degree => Nodes.Length;
}
