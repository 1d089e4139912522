using NeuralTangents.Finite;
using NeuralTangents.Layers;
using NeuralTangents.Layers.Elementwise.Activations;

namespace NeuralTangents.Tests.Layers.Elementwise;

/// <summary>The finite face of every activation: φ against its written-out definition, φ' against finite differences.</summary>
public sealed class ActivationFunctionTests
{
    /// <summary>Sample points away from the kinks at 0.</summary>
    private static readonly double[] Xs = { -2.3, -0.7, -0.1, 0.2, 0.9, 1.7 };

    public static TheoryData<string> AllCases => ActivationCatalog.Names(ReferenceKind.Smooth, ReferenceKind.UnitVariance, ReferenceKind.Homogeneous);

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Apply_matches_the_definition(string name)
    {
        var activation = ActivationCatalog.Get(name);
        foreach (double x in Xs)
        {
            double expected = activation.Definition(x);
            Assert.True(Math.Abs(activation.Function.Apply(x) - expected) <= 1e-13 * Math.Max(1, Math.Abs(expected)),
                $"{name}: φ({x}) = {activation.Function.Apply(x):R}, expected {expected:R}.");
        }
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Derivative_matches_a_central_difference(string name)
    {
        var function = ActivationCatalog.Get(name).Function;
        foreach (double x in Xs) AssertDerivative(function.Apply, function.Derivative, x, name);
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Layer_apply_and_backward_use_phi_and_its_derivative(string name)
    {
        var activation = ActivationCatalog.Get(name);
        var layer = (LayerBase)activation.Layer();
        var x = Tensor.FromArray(Xs, 2, 3);
        var y = layer.Apply(layer.Init<double>(new PrngKey(0), new[] { -1, 3 }), x);
        var cotangent = Tensor.FromArray(Enumerable.Repeat(1.0, Xs.Length).ToArray(), 2, 3);
        layer.Forward(Parameters<double>.Empty, new[] { x }, out var residual);
        var gradient = layer.Backward(Parameters<double>.Empty, residual, new[] { cotangent }, new BackwardContext<double>(1, null))[0];
        for (int i = 0; i < Xs.Length; i++)
        {
            Assert.Equal(activation.Function.Apply(Xs[i]), y.Data[i], 15);
            Assert.Equal(activation.Function.Derivative(Xs[i]), gradient.Data[i], 15);
        }
    }

    [Fact]
    public void Gelu_approximate_uses_the_tanh_form_in_the_finite_network()
    {
        var approximate = new GeluActivation(approximate: true);
        foreach (double x in Xs)
        {
            double expected = 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            Assert.Equal(expected, approximate.Apply(x), 14);
            AssertDerivative(approximate.Apply, approximate.Derivative, x, "Gelu(approximate)");
            // The kernel is the exact GELU's either way.
            Assert.Equal(new GeluActivation(false).Nngp(0.3, 1.1, 0.9), approximate.Nngp(0.3, 1.1, 0.9));
        }
        Assert.Equal("Gelu(approximate)", Stax.Gelu(approximate: true).Name);
    }

    [Fact]
    public void Exp_normalized_has_no_finite_function()
    {
        var layer = Stax.ExpNormalized();
        var x = Tensor.FromArray(Xs, 2, 3);
        var parameters = layer.Init<double>(new PrngKey(0), new[] { -1, 3 });
        var error = Assert.Throws<NotSupportedException>(() => layer.Apply(parameters, x));
        Assert.Contains("ExpNormalized", error.Message);
        Assert.Contains("kernel-only", error.Message);
    }

    /// <summary>φ' against the fourth-order central difference with h = 10⁻³ (truncation ~1e-13).</summary>
    private static void AssertDerivative(Func<double, double> f, Func<double, double> derivative, double x, string name)
    {
        const double H = 1e-3;
        double numeric = (f(x - 2 * H) - 8 * f(x - H) + 8 * f(x + H) - f(x + 2 * H)) / (12 * H);
        double actual = derivative(x);
        Assert.True(Math.Abs(actual - numeric) <= 1e-8 * Math.Max(1, Math.Abs(numeric)),
            $"{name}: φ'({x}) = {actual:R}, central difference {numeric:R}.");
    }
}
