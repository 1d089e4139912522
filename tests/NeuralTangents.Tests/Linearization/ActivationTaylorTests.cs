using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Layers.Elementwise.Activations;
using NeuralTangents.Tests.Layers.Elementwise;

namespace NeuralTangents.Tests.Linearization;

/// <summary>Every activation's φ on Taylor series against its hand-written φ, φ' and against φ composed with a series.</summary>
public sealed class ActivationTaylorTests
{
    private const int Order = 5;
    private static readonly double[] Points = { -1.3, -0.4, 0.35, 1.1 };

    public static TheoryData<string> Cases()
    {
        var data = ActivationCatalog.Names(ReferenceKind.Smooth, ReferenceKind.UnitVariance, ReferenceKind.Homogeneous);
        foreach (var extra in Extra.Keys) data.Add(extra);
        return data;
    }

    private static readonly Dictionary<string, IActivationFunction> Extra = new()
    {
        ["Gelu(approximate)"] = new GeluActivation(true),
        ["Relu"] = new ABReluActivation(0, 1),
        ["Abs"] = new ABReluActivation(-1, 1),
    };

    private static IActivationFunction Function(string name) => Extra.TryGetValue(name, out var f) ? f : ActivationCatalog.Get(name).Function;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Series_of_a_unit_tangent_holds_the_value_and_the_derivative(string name)
    {
        var phi = Function(name);
        foreach (double x0 in Points)
        {
            var y = Series(phi, x0);
            double scale = Math.Max(1, Math.Abs(phi.Apply(x0)));
            Assert.True(Math.Abs(y[0] - phi.Apply(x0)) <= 1e-12 * scale, $"{name} at {x0}: value {y[0]:R} vs φ {phi.Apply(x0):R}");
            Assert.True(Math.Abs(y[1] - phi.Derivative(x0)) <= 1e-10 * Math.Max(1, Math.Abs(phi.Derivative(x0))),
                $"{name} at {x0}: coefficient 1 is {y[1]:R}, φ' is {phi.Derivative(x0):R}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_coefficient_is_the_derivative_of_the_one_below_over_its_index(string name)
    {
        // y_k(x) = φ^(k)(x)/k!, so d/dx y_k = (k + 1)·y_{k+1}; for k = 1 the left side is also the difference of φ'.
        var phi = Function(name);
        const double h = 1e-5;
        foreach (double x0 in Points)
        {
            var y = Series(phi, x0);
            var above = Series(phi, x0 + h);
            var below = Series(phi, x0 - h);
            double fromDerivative = (phi.Derivative(x0 + h) - phi.Derivative(x0 - h)) / (2 * h);
            Assert.True(Math.Abs(2 * y[2] - fromDerivative) <= 1e-5 * Math.Max(1, Math.Abs(fromDerivative)),
                $"{name} at {x0}: 2·y2 = {2 * y[2]:R}, difference of φ' = {fromDerivative:R}");
            for (int k = 2; k < Order; k++)
            {
                double slope = (above[k] - below[k]) / (2 * h);
                Assert.True(Math.Abs((k + 1) * y[k + 1] - slope) <= 1e-5 * Math.Max(1, Math.Abs(slope)),
                    $"{name} at {x0}: {k + 1}·y{k + 1} = {(k + 1) * y[k + 1]:R}, slope of y{k} = {slope:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Series_of_a_curved_input_is_phi_composed_with_it(string name)
    {
        var phi = Function(name);
        var x = new[] { 0.6, -0.8, 0.5, 0.3, -0.2, 0.1 };
        var y = new double[x.Length];
        phi.Taylor(x, y);
        foreach (double t in new[] { 1e-2, -1e-2 })
        {
            double input = 0, series = 0;
            for (int k = x.Length - 1; k >= 0; k--)
            {
                input = input * t + x[k];
                series = series * t + y[k];
            }
            // The truncation error is O(t⁶) ≈ 1e-12 for moderate derivatives.
            Assert.True(Math.Abs(phi.Apply(input) - series) <= 1e-9 * Math.Max(1, Math.Abs(series)),
                $"{name}: φ(x(t)) = {phi.Apply(input):R}, Σ y_k t^k = {series:R} at t = {t}");
        }
    }

    private static double[] Series(IActivationFunction phi, double x0)
    {
        var x = new double[Order + 1];
        x[0] = x0;
        x[1] = 1;
        var y = new double[Order + 1];
        phi.Taylor(x, y);
        return y;
    }
}
