using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Layers.Elementwise.Activations;
using NeuralTangents.Numerics;

namespace NeuralTangents.Tests.Layers.Elementwise;

/// <summary>How a case's maps are checked.</summary>
internal enum ReferenceKind
{
    /// <summary>φ is smooth: two-dimensional Gauss–Hermite quadrature.</summary>
    Smooth,

    /// <summary>φ is smooth but the closed form assumes unit variances (Hermite): quadrature at q1 = q2 = 1 only.</summary>
    UnitVariance,

    /// <summary>φ is positively homogeneous with a kink or jump at 0: the polar one-dimensional reference.</summary>
    Homogeneous,
}

/// <summary>
/// One closed-form activation under test: the struct (both faces), the public layer that wraps it, and an
/// independent definition of φ written from the documentation (not from the struct).
/// </summary>
internal sealed record ActivationCase(
    string Name,
    IDualActivation Dual,
    IActivationFunction Function,
    Func<ILayer> Layer,
    Func<double, double> Definition,
    ReferenceKind Kind,
    int Homogeneity = 0);

internal static class ActivationCatalog
{
    private static readonly double[] PolynomialCoefficients = { 0.3, -1, 0.5, 0.2, -0.1, 0.05, 0.02, -0.01 };

    public static IReadOnlyDictionary<string, ActivationCase> All { get; } = Build().ToDictionary(c => c.Name);

    public static ActivationCase Get(string name) => All[name];

    private static IEnumerable<ActivationCase> Build()
    {
        yield return Case("Gelu", new GeluActivation(false), () => Stax.Gelu(), x => x * SpecialFunctions.NormalCdf(x));
        yield return Case("Sin(0.8, 1.3, 0.4)", new SinActivation(0.8, 1.3, 0.4), () => Stax.Sin(0.8, 1.3, 0.4), x => 0.8 * Math.Sin(1.3 * x + 0.4));
        yield return Case("Sin()", new SinActivation(1, 1, 0), () => Stax.Sin(), Math.Sin);
        yield return Case("Cos(1.2, 0.7, -0.3)", new SinActivation(1.2, 0.7, -0.3 + Math.PI / 2), () => Stax.Cos(1.2, 0.7, -0.3), x => 1.2 * Math.Cos(0.7 * x - 0.3));
        yield return Case("Exp(0.7, 0.6)", new ExpActivation(0.7, 0.6), () => Stax.Exp(0.7, 0.6), x => 0.7 * Math.Exp(0.6 * x));
        yield return Case("Exp(1, -0.5)", new ExpActivation(1, -0.5), () => Stax.Exp(1, -0.5), x => Math.Exp(-0.5 * x));
        yield return Case("Gaussian()", new GaussianActivation(1, -1), () => Stax.Gaussian(), x => Math.Exp(-x * x));
        yield return Case("Gaussian(1.5, 0.1)", new GaussianActivation(1.5, 0.1), () => Stax.Gaussian(1.5, 0.1), x => 1.5 * Math.Exp(0.1 * x * x));
        yield return Case("Rbf(0.7)", new RbfActivation(0.7), () => Stax.Rbf(0.7), x => Math.Sqrt(2) * Math.Sin(Math.Sqrt(1.4) * x + Math.PI / 4));
        yield return Case("Gabor", default(GaborActivation), () => Stax.Gabor(), x => Math.Exp(-x * x) * Math.Sin(x));
        for (int n = 0; n <= 5; n++)
        {
            int degree = n;
            yield return Case($"Monomial({n})", new MonomialActivation(n), () => Stax.Monomial(degree), x => Math.Pow(x, degree));
        }
        yield return Case("Polynomial(8 coefficients)", new PolynomialActivation(PolynomialCoefficients), () => Stax.Polynomial(PolynomialCoefficients),
            x =>
            {
                double sum = 0;
                for (int k = 0; k < PolynomialCoefficients.Length; k++) sum += PolynomialCoefficients[k] * Math.Pow(x, k);
                return sum;
            });
        yield return Case("Polynomial(1, 2)", new PolynomialActivation(new[] { 1.0, 2.0 }), () => Stax.Polynomial(1, 2), x => 1 + 2 * x);
        // SigmoidLike is Erf(0.5, 1/2.4020563531719796, 0.5); the definition is written from that documentation.
        yield return Case("SigmoidLike", new ErfActivation(0.5, 1 / 2.4020563531719796, 0.5), () => Stax.SigmoidLike(),
            x => 0.5 * SpecialFunctions.Erf(x / 2.4020563531719796) + 0.5);
        yield return Case("Erf(1.3, 0.8, 0.2)", new ErfActivation(1.3, 0.8, 0.2), () => Stax.Erf(1.3, 0.8, 0.2), x => 1.3 * SpecialFunctions.Erf(0.8 * x) + 0.2);

        // He_n(x)/√(n!) written out: He₀ = 1, He₁ = x, He₂ = x² − 1, He₃ = x³ − 3x, He₄ = x⁴ − 6x² + 3, He₇ = x⁷ − 21x⁵ + 105x³ − 105x.
        var hermite = new Dictionary<int, Func<double, double>>
        {
            [0] = x => 1,
            [1] = x => x,
            [2] = x => (x * x - 1) / Math.Sqrt(2),
            [3] = x => (x * x * x - 3 * x) / Math.Sqrt(6),
            [4] = x => (Math.Pow(x, 4) - 6 * x * x + 3) / Math.Sqrt(24),
            [7] = x => (Math.Pow(x, 7) - 21 * Math.Pow(x, 5) + 105 * Math.Pow(x, 3) - 105 * x) / Math.Sqrt(5040),
        };
        foreach (var (n, definition) in hermite)
        {
            int degree = n;
            yield return new ActivationCase($"Hermite({n})", new HermiteActivation(n), new HermiteActivation(n), () => Stax.Hermite(degree), definition, ReferenceKind.UnitVariance);
        }

        yield return new ActivationCase("Sign", default(SignActivation), default(SignActivation), () => Stax.Sign(), x => Math.Sign(x), ReferenceKind.Homogeneous, 0);
        foreach (int n in new[] { 0, 1, 2, 3, 4, 5, 6, 10 })
        {
            int degree = n;
            yield return new ActivationCase($"RectifiedMonomial({n})", new RectifiedMonomialActivation(n), new RectifiedMonomialActivation(n),
                () => Stax.RectifiedMonomial(degree), x => x >= 0 ? Math.Pow(x, degree) : 0, ReferenceKind.Homogeneous, n);
        }
        yield return new ActivationCase("Relu", new ABReluActivation(0, 1), new ABReluActivation(0, 1), () => Stax.Relu(),
            x => Math.Max(x, 0), ReferenceKind.Homogeneous, 1);
        yield return new ActivationCase("ABRelu(-0.4, 1.3)", new ABReluActivation(-0.4, 1.3), new ABReluActivation(-0.4, 1.3), () => Stax.ABRelu(-0.4, 1.3),
            x => -0.4 * Math.Min(x, 0) + 1.3 * Math.Max(x, 0), ReferenceKind.Homogeneous, 1);
        yield return new ActivationCase("Abs", new ABReluActivation(-1, 1), new ABReluActivation(-1, 1), () => Stax.Abs(),
            Math.Abs, ReferenceKind.Homogeneous, 1);
        yield return new ActivationCase("LeakyRelu(0.1)", new ABReluActivation(0.1, 1), new ABReluActivation(0.1, 1), () => Stax.LeakyRelu(0.1),
            x => Math.Max(x, 0.1 * x), ReferenceKind.Homogeneous, 1);
    }

    private static ActivationCase Case<TAct>(string name, TAct activation, Func<ILayer> layer, Func<double, double> definition)
        where TAct : struct, IDualActivation, IActivationFunction =>
        new(name, activation, activation, layer, definition, ReferenceKind.Smooth);

    /// <summary>The names of the cases of the given kinds, as theory data.</summary>
    public static TheoryData<string> Names(params ReferenceKind[] kinds)
    {
        var data = new TheoryData<string>();
        foreach (var c in All.Values.Where(c => kinds.Contains(c.Kind))) data.Add(c.Name);
        return data;
    }
}
