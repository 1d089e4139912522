using NeuralTangents.Finite;
using NeuralTangents.Tests.EmpiricalKernels;
using Xunit.Abstractions;

namespace NeuralTangents.Tests.Linearization;

public sealed class LinearizationTests(ITestOutputHelper output)
{
    public static TheoryData<string> Networks => new() { "fcn", "positional", "branching" };

    public static TheoryData<string> SmoothNetworks => new() { "fcn", "positional" };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Linearization_and_taylor_expansion_equal_the_network_exactly_at_theta0(string name)
    {
        var (network, parameters, x) = Setup(name);
        var f = network.Apply(parameters, x);
        foreach (int degree in new[] { 0, 1, 3 })
        {
            var model = NeuralTangents.Linearization.TaylorExpand(network, parameters, degree);
            Assert.Equal(f.Data, model.Apply(parameters, x).Data); // bitwise
        }
        Assert.Equal(f.Data, NeuralTangents.Linearization.Linearize(network, parameters).Apply(parameters, x).Data);
    }

    [Theory]
    [MemberData(nameof(SmoothNetworks))]
    public void Linearization_error_is_second_order(string name)
    {
        var (network, parameters, x) = Setup(name);
        var direction = RandomTree(parameters, 9);
        var linear = NeuralTangents.Linearization.Linearize(network, parameters);
        double Error(double epsilon)
        {
            var moved = ParameterTree.AddScaled(parameters, direction, epsilon);
            return MaxAbsDifference(linear.Apply(moved, x), network.Apply(moved, x));
        }
        double e1 = Error(1e-2), e2 = Error(5e-3);
        output.WriteLine($"{name}: |f_lin − f| = {e1:E3} at ε = 1e-2, {e2:E3} at ε = 5e-3, ratio {e1 / e2:F3}");
        Assert.InRange(e1 / e2, 3.6, 4.4); // halving ε divides an O(ε²) error by 4
        Assert.True(e1 > 1e-8, "the network must be genuinely nonlinear in θ");
    }

    [Theory]
    [MemberData(nameof(SmoothNetworks))]
    public void Taylor_expansion_of_degree_k_has_error_of_order_k_plus_1(string name)
    {
        var (network, parameters, x) = Setup(name);
        var direction = RandomTree(parameters, 10);
        for (int degree = 1; degree <= 4; degree++)
        {
            var model = NeuralTangents.Linearization.TaylorExpand(network, parameters, degree);
            double Error(double epsilon)
            {
                var moved = ParameterTree.AddScaled(parameters, direction, epsilon);
                return MaxAbsDifference(model.Apply(moved, x), network.Apply(moved, x));
            }
            // Steps large enough that the error stays far above rounding (1e-16) at degree 4.
            double epsilon = degree <= 2 ? 2e-2 : 8e-2;
            double e1 = Error(epsilon), e2 = Error(epsilon / 2);
            double expected = Math.Pow(2, degree + 1);
            output.WriteLine($"{name}, degree {degree}: error {e1:E3} at ε = {epsilon}, {e2:E3} at ε/2, ratio {e1 / e2:F2} (expected {expected})");
            Assert.InRange(e1 / e2, 0.85 * expected, 1.15 * expected);
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Second_taylor_coefficient_matches_the_second_difference(string name)
    {
        var (network, parameters, x) = Setup(name);
        var direction = RandomTree(parameters, 11);
        var coefficients = NeuralTangents.Linearization.TaylorExpand(network, parameters, 2).Coefficients(ParameterTree.AddScaled(parameters, direction, 1), x);
        const double h = 1e-4;
        var plus = network.Apply(ParameterTree.AddScaled(parameters, direction, h), x);
        var minus = network.Apply(ParameterTree.AddScaled(parameters, direction, -h), x);
        var center = network.Apply(parameters, x);
        for (int e = 0; e < center.Length; e++)
        {
            double secondDifference = (plus.Data[e] - 2 * center.Data[e] + minus.Data[e]) / (2 * h * h);
            double firstDifference = (plus.Data[e] - minus.Data[e]) / (2 * h);
            Assert.True(Math.Abs(coefficients[2].Data[e] - secondDifference) <= 1e-4 * Math.Max(1, Math.Abs(secondDifference)),
                $"{name}[{e}]: c2 = {coefficients[2].Data[e]:R}, second difference {secondDifference:R}");
            Assert.True(Math.Abs(coefficients[1].Data[e] - firstDifference) <= 1e-5 * Math.Max(1, Math.Abs(firstDifference)),
                $"{name}[{e}]: c1 = {coefficients[1].Data[e]:R}, central difference {firstDifference:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Jvp_and_vjp_are_adjoint(string name)
    {
        // ⟨u, J·v⟩ = ⟨Jᵀ·u, v⟩: forward mode (jets) and reverse mode (backward rules) describe the same J.
        var (network, parameters, x) = Setup(name);
        var model = new NetworkModel<double>(network);
        var v = RandomTree(parameters, 12);
        var (f, jv) = model.Jvp(parameters, x, v);
        var u = TestNetworks.Input(f.Dim(0), f.Shape[1..], 13);
        var jtu = model.Vjp(parameters, x, u);
        double left = 0;
        for (int e = 0; e < f.Length; e++) left += u.Data[e] * jv.Data[e];
        double right = ParameterTree.Dot(jtu, v);
        Assert.True(Math.Abs(left - right) <= 1e-12 * Math.Max(1, Math.Abs(left)), $"⟨u, Jv⟩ = {left:R}, ⟨Jᵀu, v⟩ = {right:R}");
        Assert.Equal(network.Apply(parameters, x).Data, f.Data);
    }

    [Fact]
    public void Delegate_nonlinearities_support_linearize_but_refuse_higher_degrees()
    {
        var network = Stax.Serial(Stax.Dense(4, 1.0, 0.1), Stax.ElementwiseNumerical(Math.Tanh, 10, t => 1 - Math.Tanh(t) * Math.Tanh(t)), Stax.Dense(2));
        var x = TestNetworks.Input(3, new[] { 3 }, 3);
        var parameters = network.Init<double>(new PrngKey(3), new[] { -1, 3 });
        var moved = ParameterTree.AddScaled(parameters, RandomTree(parameters, 4), 1e-3);

        var linear = NeuralTangents.Linearization.Linearize(network, parameters).Apply(moved, x);
        Assert.True(MaxAbsDifference(linear, network.Apply(moved, x)) < 1e-4);
        var error = Assert.Throws<NotSupportedException>(() => NeuralTangents.Linearization.TaylorExpand(network, parameters, 2).Apply(moved, x));
        Assert.Contains("degree 2", error.Message);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        var (network, parameters, x) = Setup("fcn");
        Assert.Throws<ArgumentOutOfRangeException>(() => NeuralTangents.Linearization.TaylorExpand(network, parameters, -1));
        var other = Stax.Serial(Stax.Dense(5, 1.2, 0.1), Stax.Erf(), Stax.Dense(2, 0.9, 0.2)).Init<double>(new PrngKey(1), new[] { -1, 4 });
        var mismatch = Assert.Throws<ArgumentException>(() => NeuralTangents.Linearization.Linearize(network, parameters).Apply(other, x));
        Assert.Equal("parameters", mismatch.ParamName);
        Assert.Contains("(5, 2)", mismatch.Message);
    }

    private static (ILayer Network, Parameters<double> Parameters, Tensor<double> X) Setup(string name)
    {
        var network = TestNetworks.Get(name);
        var features = TestNetworks.Features(name);
        var parameters = network.Init<double>(new PrngKey(17), new[] { -1 }.Concat(features).ToArray());
        return (network, parameters, TestNetworks.Input(3, features, 18));
    }

    private static Parameters<double> RandomTree(Parameters<double> like, ulong seed)
    {
        var vector = new double[like.Count];
        new PrngKey(seed).FillNormal(vector);
        return ParameterTree.Unflatten<double>(vector, like);
    }

    private static double MaxAbsDifference(Tensor<double> a, Tensor<double> b) => a.Data.Zip(b.Data, (p, q) => Math.Abs(p - q)).Max();
}
