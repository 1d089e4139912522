using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Layers.Elementwise.Activations;

namespace NeuralTangents.Tests.Layers.Elementwise.Derivatives;

/// <summary>
/// Every closed-form dual's derivative maps (<see cref="IDualDerivatives"/>) against float64 central differences of
/// the maps themselves (<see cref="CentralDifference"/>), at points that include c = 0, negative covariances and
/// ρ = ±0.999. Near ρ = ±1 the arc-cosine maps have a branch point at distance gap = (1 − |ρ|)·√(q1 q2) in c, so
/// the step is capped at gap/100, which keeps the O((h/gap)⁴) truncation error of the Richardson difference near 1e-8.
/// Agreement is required to 1e-6 relative, plus 1e-9·(1 + |map|) absolute for derivatives that vanish (the rounding
/// floor of the difference is about 1e-12·|map|).
/// </summary>
public sealed class DualDerivativeTests
{
    private const double Relative = 1e-6;
    private const double Absolute = 1e-9;

    private static readonly (double C, double Q1, double Q2)[] Points =
    {
        (0.3, 0.8, 1.3),
        (0.0, 0.7, 1.1),
        (-0.5, 0.9, 0.6),
        (0.999 * Math.Sqrt(1.2 * 0.9), 1.2, 0.9),
        (-0.999 * Math.Sqrt(0.8 * 1.1), 0.8, 1.1),
        (0.05, 0.5, 2.0),
    };

    private static readonly double[] Variances = { 0.4, 1.0, 1.7 };

    public static TheoryData<string> Cases => DerivativeCatalog.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Partials_in_c_q1_q2_match_central_differences(string name)
    {
        var entry = DerivativeCatalog.All[name];
        var dual = entry.Dual;
        var derivatives = entry.Derivatives;
        var failures = new List<string>();
        foreach (var (c, q1, q2) in Points)
        {
            Assert.Null(derivatives.Singularity(c, q1, q2));
            var partials = derivatives.Partials(c, q1, q2);
            double norm = Math.Sqrt(q1 * q2);
            double hc = Math.Min(CentralDifference.Step(c), (norm - Math.Abs(c)) / 100);
            // q1 may fall to c²/q2 before the pair is perfectly correlated.
            double h1 = Math.Min(CentralDifference.Step(q1), (q1 - c * c / q2) / 100);
            double h2 = Math.Min(CentralDifference.Step(q2), (q2 - c * c / q1) / 100);
            string at = $"(c, q1, q2) = ({c:G6}, {q1}, {q2})";
            Check(failures, $"∂T/∂c at {at}", partials.NngpC, x => dual.Nngp(x, q1, q2), c, hc);
            Check(failures, $"∂T/∂q1 at {at}", partials.NngpQ1, x => dual.Nngp(c, x, q2), q1, h1);
            Check(failures, $"∂T/∂q2 at {at}", partials.NngpQ2, x => dual.Nngp(c, q1, x), q2, h2);
            Check(failures, $"∂Ṫ/∂c at {at}", partials.FactorC, x => dual.NtkFactor(x, q1, q2), c, hc);
            Check(failures, $"∂Ṫ/∂q1 at {at}", partials.FactorQ1, x => dual.NtkFactor(c, x, q2), q1, h1);
            Check(failures, $"∂Ṫ/∂q2 at {at}", partials.FactorQ2, x => dual.NtkFactor(c, q1, x), q2, h2);
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Diagonal_slopes_match_central_differences_of_the_variance_and_the_self_factor(string name)
    {
        var entry = DerivativeCatalog.All[name];
        var dual = entry.Dual;
        var failures = new List<string>();
        foreach (double q in Variances)
        {
            var slopes = entry.Derivatives.Diagonal(q);
            double h = CentralDifference.Step(q);
            Check(failures, $"dT_d/dq at q = {q}", slopes.Variance, dual.Variance, q, h);
            // The plan's self-diagonal: c forced equal to q, then Ṫ(q; q, q).
            Check(failures, $"d/dq Ṫ(q; q, q) at q = {q}", slopes.Factor, x => dual.NtkFactor(x, x, x), q, h);
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parameter_partials_match_central_differences_of_the_rebuilt_dual(string name)
    {
        var entry = DerivativeCatalog.All[name];
        var derivatives = entry.Derivatives;
        Assert.Equal(entry.Parameters.Length, derivatives.ParameterCount);
        var failures = new List<string>();
        for (int k = 0; k < entry.Parameters.Length; k++)
        {
            int parameter = k;
            IDualActivation At(double value)
            {
                var values = (double[])entry.Parameters.Clone();
                values[parameter] = value;
                return entry.Make(values);
            }
            double theta = entry.Parameters[k];
            double h = CentralDifference.Step(theta);
            string which = derivatives.ParameterName(k);
            foreach (var (c, q1, q2) in Points)
            {
                var partials = derivatives.ParameterPartials(k, c, q1, q2);
                string at = $"{which} at (c, q1, q2) = ({c:G6}, {q1}, {q2})";
                Check(failures, $"∂T/∂{at}", partials.Nngp, v => At(v).Nngp(c, q1, q2), theta, h);
                Check(failures, $"∂Ṫ/∂{at}", partials.Factor, v => At(v).NtkFactor(c, q1, q2), theta, h);
            }
            foreach (double q in Variances)
            {
                var partials = derivatives.DiagonalParameterPartials(k, q);
                Check(failures, $"∂T_d/∂{which} at q = {q}", partials.Nngp, v => At(v).Variance(q), theta, h);
                Check(failures, $"∂Ṫ(q; q, q)/∂{which} at q = {q}", partials.Factor, v => At(v).NtkFactor(q, q, q), theta, h);
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [InlineData("Relu", false, true)]
    [InlineData("ABRelu(0.2, 1.3)", false, true)]
    [InlineData("Abs", false, true)]
    [InlineData("Sign", true, false)]
    [InlineData("RectifiedMonomial(0)", true, false)]
    [InlineData("RectifiedMonomial(1)", false, true)]
    public void Arc_cosine_partials_do_not_exist_at_perfect_correlation_and_say_why(string name, bool nngpSingular, bool factorSingular)
    {
        var derivatives = DerivativeCatalog.All[name].Derivatives;
        foreach (var (c, q1, q2) in new[] { (Math.Sqrt(1.2 * 0.9), 1.2, 0.9), (-Math.Sqrt(0.8 * 1.1), 0.8, 1.1), (1.3, 1.3, 1.3) })
        {
            string? reason = derivatives.Singularity(c, q1, q2);
            Assert.NotNull(reason);
            Assert.Contains("infinite", reason);
            Assert.Contains("perfect correlation", reason);
            var partials = derivatives.Partials(c, q1, q2);
            Assert.Equal(nngpSingular, !double.IsFinite(partials.NngpC));
            Assert.Equal(factorSingular, !double.IsFinite(partials.FactorC));
        }
    }

    [Theory]
    [InlineData("RectifiedMonomial(2)")]
    [InlineData("RectifiedMonomial(3)")]
    [InlineData("Erf(1.3, 0.7, 0.2)")]
    [InlineData("Gelu")]
    public void Smooth_duals_have_finite_partials_at_perfect_correlation(string name)
    {
        var derivatives = DerivativeCatalog.All[name].Derivatives;
        double c = Math.Sqrt(1.2 * 0.9);
        Assert.Null(derivatives.Singularity(c, 1.2, 0.9));
        var p = derivatives.Partials(c, 1.2, 0.9);
        Assert.All(new[] { p.NngpC, p.NngpQ1, p.NngpQ2, p.FactorC, p.FactorQ1, p.FactorQ2 }, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void A_linear_ABRelu_has_no_singularity()
    {
        var linear = new ABReluActivation(0.7, 0.7);
        Assert.Null(linear.Singularity(1, 1, 1));
        var partials = linear.Partials(1, 1, 1);
        Assert.Equal(0.49, partials.NngpC, 15);
        Assert.Equal(new DualPartials(partials.NngpC, 0, 0, 0, 0, 0), partials);
    }

    [Fact]
    public void Relu_nngp_partials_are_finite_at_perfect_correlation()
    {
        // T = k·S + Ṫ·c: ∂T/∂q_i = k·S/(2q_i) vanishes with S, ∂T/∂c = Ṫ = ½ at ρ = 1.
        var partials = new ABReluActivation(0, 1).Partials(Math.Sqrt(1.2 * 0.9), 1.2, 0.9);
        Assert.Equal(0.5, partials.NngpC, 15);
        Assert.Equal(0, partials.NngpQ1);
        Assert.Equal(0, partials.NngpQ2);
    }

    [Fact]
    public void Parameters_are_named_as_the_network_json_names_them()
    {
        Assert.Equal(new[] { "a", "b" }, Names(new ABReluActivation(0, 1)));
        Assert.Equal(new[] { "a", "b", "c" }, Names(new ErfActivation(1, 1, 0)));
        Assert.Equal(new[] { "a", "b", "c" }, Names(new SinActivation(1, 1, 0)));
        Assert.Equal(new[] { "a", "b" }, Names(new ExpActivation(1, 1)));
        Assert.Equal(new[] { "a", "b" }, Names(new GaussianActivation(1, -1)));
        Assert.Equal(new[] { "gamma" }, Names(new RbfActivation(1)));
        Assert.Equal(new[] { "gamma", "shift" }, Names(new ExpNormalizedActivation(1, -1, false)));
        Assert.Equal(new[] { "coef[0]", "coef[1]", "coef[2]" }, Names(new PolynomialActivation(new[] { 1.0, 2, 3 })));
        Assert.Empty(Names(new GeluActivation(false)));
        Assert.Empty(Names(default(GaborActivation)));
        Assert.Empty(Names(new MonomialActivation(3)));

        static string[] Names(IDualDerivatives d) => Enumerable.Range(0, d.ParameterCount).Select(d.ParameterName).ToArray();
    }

    [Fact]
    public void An_unknown_parameter_number_is_rejected_naming_the_family_and_its_count()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ErfActivation(1, 1, 0).ParameterPartials(3, 0.1, 1, 1));
        Assert.Equal("parameter", error.ParamName);
        Assert.Contains("Erf has 3 scalar parameters", error.Message);
        var none = Assert.Throws<ArgumentOutOfRangeException>(() => new GeluActivation(false).ParameterName(0));
        Assert.Contains("Gelu has no scalar parameters", none.Message);
    }

    private static void Check(List<string> failures, string what, double actual, Func<double, double> f, double x, double h)
    {
        double expected = CentralDifference.Derivative(f, x, h);
        double tolerance = Relative * Math.Abs(expected) + Absolute * (1 + Math.Abs(f(x)));
        if (!(Math.Abs(actual - expected) <= tolerance))
            failures.Add($"{what}: exact {actual:G12}, central difference {expected:G12} (h = {h:G3}, difference {actual - expected:G3}, tolerance {tolerance:G3})");
    }
}
