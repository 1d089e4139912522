using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Layers.Elementwise;

/// <summary>User delegates that return NaN or infinities: a clear exception naming the delegate, never a NaN kernel.</summary>
[Collection(EngineCollection.Name)]
public sealed class HostElementwiseNonFiniteTests(CpuEngineFixture fixture)
{
    private static ILayer Around(ILayer nonlinearity) => Stax.Serial(Stax.Dense(8, 1.2, 0.1), nonlinearity, Stax.Dense(1));

    [Fact]
    public void Numerical_phi_returning_NaN_names_phi_and_where_it_failed()
    {
        var network = Around(Stax.ElementwiseNumerical(_ => double.NaN, 8));
        var error = Assert.Throws<NotFiniteNumberException>(() => network.KernelFn(TestInputs.Normal<double>(3, 4, 1), null, KernelOutputs.Nngp, fixture.Options));
        Assert.Contains("ElementwiseNumerical(degree=8)", error.Message);
        Assert.Contains("φ (the fn passed to Stax.ElementwiseNumerical) returned NaN at x = ", error.Message);
        Assert.True(double.IsNaN(error.OffendingNumber));
    }

    [Fact]
    public void Numerical_phi_infinite_on_part_of_the_line_names_an_argument_there()
    {
        var network = Around(Stax.ElementwiseNumerical(x => x > 1 ? double.PositiveInfinity : x, 8));
        var error = Assert.Throws<NotFiniteNumberException>(() => network.KernelFn(TestInputs.Normal<float>(3, 4, 2), TestInputs.Normal<float>(2, 4, 3), KernelOutputs.Both, fixture.Options));
        Assert.Contains("returned Infinity at x = ", error.Message);
        double x = double.Parse(error.Message.Split("at x = ")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(x > 1, error.Message);
    }

    [Fact]
    public void Numerical_derivative_returning_NaN_names_the_derivative()
    {
        var network = Around(Stax.ElementwiseNumerical(Math.Tanh, 8, derivative: _ => double.NaN));
        var error = Assert.Throws<NotFiniteNumberException>(() => network.KernelFn(TestInputs.Normal<double>(3, 4, 4), null, KernelOutputs.Ntk, fixture.Options));
        Assert.Contains("φ' (the derivative passed to Stax.ElementwiseNumerical", error.Message);
    }

    [Fact]
    public void User_nngp_map_returning_NaN_names_the_map_and_its_arguments()
    {
        var network = Around(Stax.Elementwise(null, (c, q1, q2) => c > 0.5 ? double.NaN : c));
        var error = Assert.Throws<NotFiniteNumberException>(() => network.KernelFn(TestInputs.Normal<double>(3, 4, 5), null, KernelOutputs.Nngp, fixture.Options));
        Assert.Contains("the nngp map passed to Stax.Elementwise", error.Message);
        Assert.Contains("returned NaN at c = ", error.Message);
        Assert.Contains("q1 = ", error.Message);
    }

    [Fact]
    public void Finite_apply_with_phi_returning_NaN_names_phi_and_x()
    {
        var network = Around(Stax.ElementwiseNumerical(_ => double.NaN, 8));
        var x = TestInputs.Normal<double>(3, 4, 6);
        var error = Assert.Throws<NotFiniteNumberException>(() => network.Apply(network.Init<double>(new PrngKey(1), x.Shape), x));
        Assert.Contains("φ (fn) returned NaN at x = ", error.Message);
    }
}
