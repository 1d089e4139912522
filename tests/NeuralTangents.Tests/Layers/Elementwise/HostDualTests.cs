using NeuralTangents.Finite;
using NeuralTangents.Layers;
using NeuralTangents.Layers.Elementwise;
using NeuralTangents.Layers.Elementwise.Activations;

namespace NeuralTangents.Tests.Layers.Elementwise;

/// <summary>The host-evaluated duals behind <see cref="Stax.ElementwiseNumerical"/> and <see cref="Stax.Elementwise"/>.</summary>
public sealed class HostDualTests
{
    private static readonly (double C, double Q1, double Q2)[] Points =
    {
        (0.4, 1.0, 1.2), (-0.7, 0.9, 1.4), (1.1, 1.1, 1.1), (0.0, 0.5, 2.0), (-0.999 * Math.Sqrt(1.3 * 0.6), 1.3, 0.6),
    };

    [Fact]
    public void Quadrature_is_exact_for_polynomials_of_low_degree()
    {
        // φ(u)φ(v) has degree 6 in each quadrature variable, so 4 nodes per dimension integrate it exactly.
        var cubic = new PolynomialActivation(new[] { 0.5, -2, 0, 1 });
        var quadrature = new QuadratureDual(cubic.Apply, cubic.Derivative, 4);
        foreach (var (c, q1, q2) in Points)
        {
            Assert.Equal(cubic.Nngp(c, q1, q2), quadrature.Nngp(c, q1, q2), 1e-12);
            Assert.Equal(cubic.NtkFactor(c, q1, q2), quadrature.NtkFactor(c, q1, q2), 1e-12);
        }
        Assert.Equal(cubic.Variance(1.7), quadrature.Variance(1.7), 1e-12);
    }

    [Fact]
    public void Quadrature_with_a_zero_variance_factorizes()
    {
        var quadrature = new QuadratureDual(x => Math.Exp(x), x => Math.Exp(x), 40);
        // u = 0 surely: E[e^u e^v] = E[e^v] = e^{q2/2}.
        Assert.Equal(Math.Exp(0.35), quadrature.Nngp(0, 0, 0.7), 1e-13);
        Assert.Equal(Math.Exp(0.35), quadrature.Nngp(0, 0.7, 0), 1e-13);
    }

    [Fact]
    public void Numerical_derivative_of_fn_matches_the_analytic_one()
    {
        var analytic = new QuadratureDual(Math.Tanh, x => 1 - Math.Tanh(x) * Math.Tanh(x), 60);
        var numerical = new QuadratureDual(Math.Tanh, x => NeuralTangents.Numerics.NumericalDerivative.Central(Math.Tanh, x), 60);
        foreach (var (c, q1, q2) in Points)
            Assert.Equal(analytic.NtkFactor(c, q1, q2), numerical.NtkFactor(c, q1, q2), 1e-11);
    }

    [Fact]
    public void User_dual_differentiates_the_nngp_map_inside_and_at_the_edge_of_its_domain()
    {
        var gelu = new GeluActivation(false);
        var user = new UserDual(gelu.Nngp, null);
        foreach (var (c, q1, q2) in Points)
        {
            double expected = gelu.NtkFactor(c, q1, q2);
            Assert.True(Math.Abs(user.NtkFactor(c, q1, q2) - expected) <= 1e-10 * Math.Abs(expected), $"Ṫ at c={c}");
        }
        // ρ = ±1 exactly: the stencil must stay within |c| ≤ √(q1 q2), so a map that is NaN outside still works.
        double Guarded(double c, double q1, double q2) => Math.Abs(c) > Math.Sqrt(q1 * q2) * (1 + 1e-15) ? double.NaN : gelu.Nngp(c, q1, q2);
        var guarded = new UserDual(Guarded, null);
        foreach (double sign in new[] { 1.0, -1.0 })
        {
            double c = sign * Math.Sqrt(0.8 * 1.8);
            Assert.Equal(gelu.NtkFactor(c, 0.8, 1.8), guarded.NtkFactor(c, 0.8, 1.8), 1e-10);
        }
        Assert.Equal(gelu.Variance(1.3), user.Variance(1.3), 1e-14);
    }

    [Fact]
    public void User_dual_uses_the_given_ntk_map()
    {
        var user = new UserDual((c, q1, q2) => c, (c, q1, q2) => 42);
        Assert.Equal(42, user.NtkFactor(0.1, 1, 1));
        Assert.Equal(2.5, user.Variance(2.5));
    }

    [Fact]
    public void Elementwise_without_fn_is_kernel_only()
    {
        var layer = Stax.Elementwise(null, (c, q1, q2) => c);
        var x = Tensor.FromArray(new[] { 1.0, 2.0 }, 1, 2);
        var error = Assert.Throws<NotSupportedException>(() => layer.Apply(layer.Init<double>(new PrngKey(0), new[] { -1, 2 }), x));
        Assert.Contains("Elementwise", error.Message);
    }

    [Fact]
    public void Host_layers_apply_fn_and_backpropagate_its_derivative()
    {
        double[] xs = { -1.7, -0.4, 0.3, 1.2 };
        var x = Tensor.FromArray(xs, 2, 2);
        var ones = Tensor.FromArray(new[] { 1.0, 1, 1, 1 }, 2, 2);
        static double Derivative(double t) => 1 - Math.Tanh(t) * Math.Tanh(t);
        foreach (var layer in new[] { Stax.ElementwiseNumerical(Math.Tanh, 10, Derivative), Stax.ElementwiseNumerical(Math.Tanh, 10), Stax.Elementwise(Math.Tanh, (c, q1, q2) => c) })
        {
            var host = (LayerBase)layer;
            var y = host.Forward(Parameters<double>.Empty, new[] { x }, out var residual)[0];
            var gradient = host.Backward(Parameters<double>.Empty, residual, new[] { ones }, new BackwardContext<double>(1, null))[0];
            for (int i = 0; i < xs.Length; i++)
            {
                Assert.Equal(Math.Tanh(xs[i]), y.Data[i]);
                // Exact when φ' is given, sixth-order central difference otherwise.
                Assert.Equal(Derivative(xs[i]), gradient.Data[i], 1e-12);
            }
        }
    }
}
