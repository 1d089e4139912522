using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Layers.Elementwise;

/// <summary>
/// Every closed-form dual (T, Ṫ, T_d) against an independent float64 reference: two-dimensional Gauss–Hermite
/// quadrature of E[φ(u)φ(v)] and E[φ'(u)φ'(v)] for smooth φ, and for φ with a kink or jump at 0 (Sign, the
/// rectified monomials, LeakyRelu) the polar one-dimensional integral of <see cref="DualReference.Homogeneous"/>,
/// because quadrature in (u, v) converges only slowly across a kink. Points include negative covariances and
/// near-degenerate pairs (ρ = −0.9995, 0.9999 and exactly 1). The maps agree to about 1e-12 relative; the
/// tolerance is 1e-10 relative plus 1e-12 of the kernel scale (which matters only for values near 0).
/// </summary>
public sealed class ClosedFormDualTests
{
    private const double Relative = 1e-10;
    private const int QuadratureDegree = 150;

    /// <summary>(c, q1, q2) with ρ = c/√(q1 q2) spread over [−1, 1].</summary>
    private static readonly (double C, double Q1, double Q2)[] Points =
    {
        (0.3, 1.0, 1.0),
        (-0.6, 0.8, 1.5),
        (1.1, 1.2, 1.3),
        (-0.9995 * Math.Sqrt(0.7 * 1.1), 0.7, 1.1),
        (0.9999 * Math.Sqrt(1.4 * 0.9), 1.4, 0.9),
        (1.3, 1.3, 1.3),
        (0.05, 0.5, 2.0),
        (-0.2, 0.3, 0.4),
    };

    private static readonly double[] UnitVarianceCovariances = { 0.3, -0.6, 0.9999, -0.9995, 1, 0.05 };

    public static TheoryData<string> SmoothCases => ActivationCatalog.Names(ReferenceKind.Smooth);

    public static TheoryData<string> UnitVarianceCases => ActivationCatalog.Names(ReferenceKind.UnitVariance);

    public static TheoryData<string> HomogeneousCases => ActivationCatalog.Names(ReferenceKind.Homogeneous);

    [Theory]
    [MemberData(nameof(SmoothCases))]
    public void Smooth_duals_match_gauss_hermite_quadrature_to_1e6(string name)
    {
        var activation = ActivationCatalog.Get(name);
        foreach (var (c, q1, q2) in Points) CheckAgainstQuadrature(activation, c, q1, q2);
        foreach (double q in new[] { 0.3, 1.0, 1.8 })
            AssertClose(DualReference.Mean(x => Square(activation.Definition(x)), q, QuadratureDegree), activation.Dual.Variance(q), 0, $"{name} T_d({q})");
    }

    [Theory]
    [MemberData(nameof(UnitVarianceCases))]
    public void Hermite_duals_match_quadrature_at_unit_variance(string name)
    {
        var activation = ActivationCatalog.Get(name);
        foreach (double c in UnitVarianceCovariances) CheckAgainstQuadrature(activation, c, 1, 1);
        AssertClose(DualReference.Mean(x => Square(activation.Definition(x)), 1, QuadratureDegree), activation.Dual.Variance(1), 0, $"{name} T_d(1)");
    }

    [Theory]
    [MemberData(nameof(HomogeneousCases))]
    public void Homogeneous_duals_match_polar_integral_to_1e6(string name)
    {
        var activation = ActivationCatalog.Get(name);
        var function = activation.Function;
        int n = activation.Homogeneity;
        foreach (var (c, q1, q2) in Points)
        {
            string where = $"{name} at (c={c}, q1={q1}, q2={q2})";
            double nngp = DualReference.Homogeneous(activation.Definition, activation.Definition, n, c, q1, q2);
            double scale = Math.Sqrt(Math.Pow(q1 * q2, n));
            AssertClose(nngp, activation.Dual.Nngp(c, q1, q2), 1e-12 * scale, where + " T");
            // φ' is homogeneous of degree n − 1 (and zero for n = 0, where the NTK is set to zero).
            double ntk = n == 0 ? 0 : DualReference.Homogeneous(function.Derivative, function.Derivative, n - 1, c, q1, q2);
            AssertClose(ntk, activation.Dual.NtkFactor(c, q1, q2), 1e-12 * scale, where + " Ṫ");
        }
        foreach (double q in new[] { 0.3, 1.0, 1.8 })
            AssertClose(DualReference.Homogeneous(activation.Definition, activation.Definition, n, q, q, q), activation.Dual.Variance(q), 0, $"{name} T_d({q})");
    }

    [Fact]
    public void Rectified_monomial_near_antiparallel_pairs_keeps_relative_accuracy()
    {
        // Near ρ = −1 the arc-cosine kernel of order n is O((π − θ)^{2n+1}): the series branch must keep it
        // accurate relative to its own size, not only to the variances.
        foreach (int n in new[] { 1, 3, 5, 10 })
            foreach (double rho in new[] { -0.3, -0.9, -0.999, -0.999999 })
            {
                var activation = ActivationCatalog.Get($"RectifiedMonomial({n})");
                double q1 = 0.8, q2 = 1.7, c = rho * Math.Sqrt(q1 * q2);
                double reference = DualReference.Homogeneous(activation.Definition, activation.Definition, n, c, q1, q2);
                AssertClose(reference, activation.Dual.Nngp(c, q1, q2), 0, $"RectifiedMonomial({n}) at ρ={rho}", 1e-9);
            }
    }

    public static TheoryData<string> AllCases => ActivationCatalog.Names(ReferenceKind.Smooth, ReferenceKind.UnitVariance, ReferenceKind.Homogeneous);

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Maps_stay_finite_when_a_variance_is_zero(string name)
    {
        // A zero input row without bias gives q = 0 (and c = 0): every map must stay finite there.
        var dual = ActivationCatalog.Get(name).Dual;
        foreach (var (q1, q2) in new[] { (0.0, 1.2), (0.9, 0.0), (0.0, 0.0) })
        {
            Assert.True(double.IsFinite(dual.Nngp(0, q1, q2)), $"{name}: T(0; {q1}, {q2}) = {dual.Nngp(0, q1, q2)}");
            Assert.True(double.IsFinite(dual.NtkFactor(0, q1, q2)), $"{name}: Ṫ(0; {q1}, {q2}) = {dual.NtkFactor(0, q1, q2)}");
        }
        Assert.True(double.IsFinite(dual.Variance(0)), $"{name}: T_d(0) = {dual.Variance(0)}");
    }

    private static void CheckAgainstQuadrature(ActivationCase activation, double c, double q1, double q2)
    {
        string where = $"{activation.Name} at (c={c}, q1={q1}, q2={q2})";
        var function = activation.Function;
        double nngp = DualReference.Quadrature(activation.Definition, activation.Definition, c, q1, q2, QuadratureDegree);
        double nngpScale = Math.Sqrt(DualReference.Mean(x => Square(activation.Definition(x)), q1, QuadratureDegree)
            * DualReference.Mean(x => Square(activation.Definition(x)), q2, QuadratureDegree));
        AssertClose(nngp, activation.Dual.Nngp(c, q1, q2), 1e-12 * nngpScale, where + " T");

        double ntk = DualReference.Quadrature(function.Derivative, function.Derivative, c, q1, q2, QuadratureDegree);
        double ntkScale = Math.Sqrt(DualReference.Mean(x => Square(function.Derivative(x)), q1, QuadratureDegree)
            * DualReference.Mean(x => Square(function.Derivative(x)), q2, QuadratureDegree));
        AssertClose(ntk, activation.Dual.NtkFactor(c, q1, q2), 1e-12 * ntkScale, where + " Ṫ");
    }

    /// <summary>|actual − expected| ≤ relative·|expected| + floor (the floor only matters for values near 0).</summary>
    private static void AssertClose(double expected, double actual, double floor, string what, double relative = Relative)
    {
        double tolerance = relative * Math.Abs(expected) + floor;
        Assert.True(Math.Abs(actual - expected) <= tolerance,
            $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(actual - expected):E3}, tolerance {tolerance:E3}).");
    }

    private static double Square(double x) => x * x;
}
