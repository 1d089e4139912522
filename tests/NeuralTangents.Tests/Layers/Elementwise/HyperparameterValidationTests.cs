namespace NeuralTangents.Tests.Layers.Elementwise;

/// <summary>Invalid hyperparameters of the nonlinearities are rejected at construction, naming the parameter.</summary>
public sealed class HyperparameterValidationTests
{
    public static TheoryData<string, string, Func<ILayer>> InvalidLayers => new()
    {
        { "Sin(a = NaN)", "a", () => Stax.Sin(a: double.NaN) },
        { "Sin(b = ∞)", "b", () => Stax.Sin(b: double.PositiveInfinity) },
        { "Sin(c = NaN)", "c", () => Stax.Sin(c: double.NaN) },
        { "Cos(a = −∞)", "a", () => Stax.Cos(a: double.NegativeInfinity) },
        { "Cos(c = NaN)", "c", () => Stax.Cos(c: double.NaN) },
        { "Exp(a = NaN)", "a", () => Stax.Exp(a: double.NaN) },
        { "Exp(b = ∞)", "b", () => Stax.Exp(b: double.PositiveInfinity) },
        { "ExpNormalized(gamma = NaN)", "gamma", () => Stax.ExpNormalized(gamma: double.NaN) },
        { "ExpNormalized(shift = ∞)", "shift", () => Stax.ExpNormalized(shift: double.PositiveInfinity) },
        { "Gaussian(a = ∞)", "a", () => Stax.Gaussian(a: double.PositiveInfinity) },
        { "Gaussian(b = NaN)", "b", () => Stax.Gaussian(b: double.NaN) },
        { "Rbf(gamma = −1)", "gamma", () => Stax.Rbf(-1) },
        { "Rbf(gamma = ∞)", "gamma", () => Stax.Rbf(double.PositiveInfinity) },
        { "Monomial(−1)", "degree", () => Stax.Monomial(-1) },
        { "Monomial(6)", "degree", () => Stax.Monomial(6) },
        { "RectifiedMonomial(−1)", "degree", () => Stax.RectifiedMonomial(-1) },
        { "RectifiedMonomial(11)", "degree", () => Stax.RectifiedMonomial(11) },
        { "Polynomial()", "coef", () => Stax.Polynomial() },
        { "Polynomial(9 coefficients)", "coef", () => Stax.Polynomial(1, 2, 3, 4, 5, 6, 7, 8, 9) },
        { "Polynomial(1, NaN)", "coef", () => Stax.Polynomial(1, double.NaN) },
        { "Hermite(−1)", "degree", () => Stax.Hermite(-1) },
        { "Hermite(65)", "degree", () => Stax.Hermite(65) },
        { "ElementwiseNumerical(degree 0)", "degree", () => Stax.ElementwiseNumerical(Math.Tanh, 0) },
        { "ElementwiseNumerical(degree 1001)", "degree", () => Stax.ElementwiseNumerical(Math.Tanh, 1001) },
    };

    [Theory]
    [MemberData(nameof(InvalidLayers))]
    public void Invalid_hyperparameter_throws_naming_it(string description, string parameter, Func<ILayer> create)
    {
        var error = Assert.Throws<NetworkDefinitionException>(create);
        Assert.Equal("NT0004", error.RuleId);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(parameter, error.Message);
        Assert.False(string.IsNullOrEmpty(description));
    }

    [Fact]
    public void Polynomial_error_names_the_offending_coefficient()
    {
        var error = Assert.Throws<NetworkDefinitionException>(() => Stax.Polynomial(1, 2, double.PositiveInfinity));
        Assert.Contains("coef[2]", error.Message);
        var tooMany = Assert.Throws<NetworkDefinitionException>(() => Stax.Polynomial(new double[9]));
        Assert.Contains("got 9", tooMany.Message);
    }

    [Fact]
    public void Missing_delegates_throw_argument_null()
    {
        Assert.Equal("fn", Assert.Throws<ArgumentNullException>(() => Stax.ElementwiseNumerical(null!, 10)).ParamName);
        Assert.Equal("nngp", Assert.Throws<ArgumentNullException>(() => Stax.Elementwise(Math.Tanh, null!)).ParamName);
        Assert.Equal("coef", Assert.Throws<ArgumentNullException>(() => Stax.Polynomial(null!)).ParamName);
    }

    [Fact]
    public void Valid_boundary_values_are_accepted()
    {
        Assert.Equal("Monomial(5)", Stax.Monomial(5).Name);
        Assert.Equal("RectifiedMonomial(10)", Stax.RectifiedMonomial(10).Name);
        Assert.Equal("Hermite(64)", Stax.Hermite(64).Name);
        Assert.Equal("Rbf(0)", Stax.Rbf(0).Name);
        Assert.Equal("Polynomial([1, 2, 3, 4, 5, 6, 7, 8])", Stax.Polynomial(1, 2, 3, 4, 5, 6, 7, 8).Name);
        Assert.Equal("ElementwiseNumerical(degree=1)", Stax.ElementwiseNumerical(Math.Tanh, 1).Name);
    }
}
