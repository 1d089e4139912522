using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Validation;

/// <summary>Bad inputs to the finite network's Apply: each names the argument and the offending shape or value.</summary>
public sealed class ApplyValidationTests
{
    private static ILayer Mlp(int hidden, double? bStd = 0.1) => Stax.Serial(Stax.Dense(hidden, 1.2, bStd), Stax.Relu(), Stax.Dense(2));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Non_finite_input_names_x_the_index_and_the_value(double value)
    {
        var network = Mlp(8);
        var parameters = network.Init<double>(new PrngKey(1), new[] { -1, 5 });
        var x = TestInputs.Normal<double>(3, 5, 1);
        x.Data[11] = value;
        var error = Assert.Throws<ArgumentException>(() => network.Apply(parameters, x));
        Assert.Equal("x", error.ParamName);
        Assert.Contains("element 11", error.Message);
        Assert.Contains(value.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void Input_with_another_feature_size_than_at_init_names_x_and_both_sizes()
    {
        var network = Mlp(8);
        var parameters = network.Init<double>(new PrngKey(1), new[] { -1, 5 });
        var error = Assert.Throws<ArgumentException>(() => network.Apply(parameters, TestInputs.Normal<double>(3, 7, 1)));
        Assert.Equal("x", error.ParamName);
        Assert.Contains("expect 5 input channels", error.Message);
        Assert.Contains("(3, 7)", error.Message);
    }

    [Fact]
    public void Parameters_of_a_network_with_another_width_name_parameters_and_the_shapes()
    {
        // Same tree, different hidden width: without the check this would silently run a 6-wide network.
        var parameters = Mlp(6).Init<double>(new PrngKey(1), new[] { -1, 5 });
        var error = Assert.Throws<ArgumentException>(() => Mlp(8).Apply(parameters, TestInputs.Normal<double>(3, 5, 1)));
        Assert.Equal("parameters", error.ParamName);
        Assert.Contains("(n_in, 8)", error.Message);
        Assert.Contains("(5, 6)", error.Message);
    }

    [Fact]
    public void Parameters_without_the_bias_the_layer_has_name_parameters()
    {
        var parameters = Mlp(8, bStd: null).Init<double>(new PrngKey(1), new[] { -1, 5 });
        var error = Assert.Throws<ArgumentException>(() => Mlp(8).Apply(parameters, TestInputs.Normal<double>(3, 5, 1)));
        Assert.Equal("parameters", error.ParamName);
        Assert.Contains("2 tensors (W, b)", error.Message);
        Assert.Contains("hold 1", error.Message);
    }

    [Fact]
    public void Parameters_of_a_network_with_another_layer_count_name_parameters()
    {
        var other = Stax.Serial(Stax.Dense(8), Stax.Relu()).Init<double>(new PrngKey(1), new[] { -1, 5 });
        var error = Assert.Throws<ArgumentException>(() => Mlp(8).Apply(other, TestInputs.Normal<double>(3, 5, 1)));
        Assert.Equal("parameters", error.ParamName);
        Assert.Contains("3 layers", error.Message);
        Assert.Contains("2 children", error.Message);
    }

    [Fact]
    public void Parameters_in_another_layer_order_name_the_layer_that_received_them()
    {
        // Serial(Relu, Dense, Relu): child 0 is a parameter-free node, which Dense must reject.
        var other = Stax.Serial(Stax.Relu(), Stax.Dense(8), Stax.Relu()).Init<double>(new PrngKey(1), new[] { -1, 5 });
        var error = Assert.Throws<ArgumentException>(() => Mlp(8).Apply(other, TestInputs.Normal<double>(3, 5, 1)));
        Assert.Equal("parameters", error.ParamName);
        Assert.Contains("Dense(8", error.Message);
        Assert.Contains("parameter-free", error.Message);
    }

    [Fact]
    public void Parallel_with_parameters_for_fewer_branches_names_parameters()
    {
        var network = Stax.Serial(Stax.FanOut(2), Stax.Parallel(Stax.Dense(3), Stax.Dense(3)), Stax.FanInSum());
        var parameters = network.Init<double>(new PrngKey(1), new[] { -1, 4 });
        var broken = new Parameters<double>(parameters.Layer, parameters.Tensors,
            new[] { parameters.Children[0], new Parameters<double>(parameters.Children[1].Layer, Array.Empty<Tensor<double>>(), parameters.Children[1].Children.Take(1).ToArray()), parameters.Children[2] });
        var error = Assert.Throws<ArgumentException>(() => network.Apply(broken, TestInputs.Normal<double>(2, 4, 1)));
        Assert.Equal("parameters", error.ParamName);
        Assert.Contains("2 layers", error.Message);
        Assert.Contains("1 children", error.Message);
    }
}
