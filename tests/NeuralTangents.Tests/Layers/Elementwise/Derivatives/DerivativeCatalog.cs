using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Layers.Elementwise.Activations;

namespace NeuralTangents.Tests.Layers.Elementwise.Derivatives;

/// <summary>One closed-form dual under derivative test: its parameters and how to rebuild it with other values.</summary>
internal sealed record DerivativeCase(string Name, double[] Parameters, Func<double[], IDualActivation> Make)
{
    /// <summary>The dual at the case's own parameters.</summary>
    public IDualActivation Dual => Make(Parameters);

    /// <summary>Its derivative maps.</summary>
    public IDualDerivatives Derivatives => (IDualDerivatives)Dual;
}

/// <summary>Every closed-form nonlinearity family, at parameters away from special values (so that every term is exercised).</summary>
internal static class DerivativeCatalog
{
    private static readonly double[] PolynomialCoefficients = { 0.3, -1, 0.5, 0.2, -0.1, 0.05, 0.02, -0.01 };

    public static IReadOnlyDictionary<string, DerivativeCase> All { get; } = Build().ToDictionary(c => c.Name);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All.Keys) data.Add(name);
        return data;
    }

    private static IEnumerable<DerivativeCase> Build()
    {
        yield return new("ABRelu(0.2, 1.3)", [0.2, 1.3], p => new ABReluActivation(p[0], p[1]));
        yield return new("Relu", [0, 1], p => new ABReluActivation(p[0], p[1]));
        yield return new("Abs", [-1, 1], p => new ABReluActivation(p[0], p[1]));
        yield return new("Erf(1.3, 0.7, 0.2)", [1.3, 0.7, 0.2], p => new ErfActivation(p[0], p[1], p[2]));
        yield return new("Sin(0.8, 1.3, 0.4)", [0.8, 1.3, 0.4], p => new SinActivation(p[0], p[1], p[2]));
        yield return new("Cos(1.2, 0.7, -0.3)", [1.2, 0.7, -0.3], p => new SinActivation(p[0], p[1], p[2] + Math.PI / 2));
        yield return new("Exp(0.7, 0.6)", [0.7, 0.6], p => new ExpActivation(p[0], p[1]));
        yield return new("Gaussian(1.5, 0.1)", [1.5, 0.1], p => new GaussianActivation(p[0], p[1]));
        yield return new("Gaussian(1, -1)", [1, -1], p => new GaussianActivation(p[0], p[1]));
        yield return new("Rbf(0.7)", [0.7], p => new RbfActivation(p[0]));
        yield return new("ExpNormalized(0.8, -1)", [0.8, -1], p => new ExpNormalizedActivation(p[0], p[1], doClip: false));
        yield return new("ExpNormalized(1.2, -0.5, clip)", [1.2, -0.5], p => new ExpNormalizedActivation(p[0], p[1], doClip: true));
        yield return new("Gelu", [], _ => new GeluActivation(false));
        yield return new("Gabor", [], _ => default(GaborActivation));
        yield return new("Polynomial(8 coefficients)", PolynomialCoefficients, p => new PolynomialActivation(p));
        yield return new("Sign", [], _ => default(SignActivation));
        for (int n = 0; n <= 5; n++)
        {
            int degree = n;
            yield return new($"Monomial({n})", [], _ => new MonomialActivation(degree));
        }
        for (int n = 0; n <= 4; n++)
        {
            int degree = n;
            yield return new($"Hermite({n})", [], _ => new HermiteActivation(degree));
            yield return new($"RectifiedMonomial({n})", [], _ => new RectifiedMonomialActivation(degree));
        }
    }
}
