using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Validation;

/// <summary>Bad inputs to the kernel function: each is an ArgumentException naming the argument and what is wrong.</summary>
[Collection(EngineCollection.Name)]
public sealed class KernelInputValidationTests(CpuEngineFixture fixture)
{
    private static readonly ILayer Network = Stax.Serial(Stax.Dense(8, 1.2, 0.1), Stax.Relu(), Stax.Dense(1));

    [Fact]
    public void X2_with_another_feature_size_names_x2_and_both_shapes()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Network.KernelFn(TestInputs.Normal<double>(3, 5, 1), TestInputs.Normal<double>(2, 4, 2), KernelOutputs.Both, fixture.Options));
        Assert.Equal("x2", error.ParamName);
        Assert.Contains("(3, 5)", error.Message);
        Assert.Contains("(2, 4)", error.Message);
        Assert.Contains("feature shape", error.Message);
    }

    [Fact]
    public void X2_with_another_rank_names_x2_and_both_ranks()
    {
        var x2 = TestInputs.Normal<double>(2, 10, 2).Reshape(2, 5, 2);
        var error = Assert.Throws<ArgumentException>(() => Network.KernelFn(TestInputs.Normal<double>(3, 5, 1), x2, KernelOutputs.Both, fixture.Options));
        Assert.Equal("x2", error.ParamName);
        Assert.Contains("rank of x1 (2", error.Message);
        Assert.Contains("(2, 5, 2)", error.Message);
    }

    [Fact]
    public void X1_without_a_feature_axis_names_x1()
    {
        var error = Assert.Throws<ArgumentException>(() => Network.KernelFn(Tensor.FromArray(new[] { 1.0, 2.0 }, 2), null, KernelOutputs.Both, fixture.Options));
        Assert.Equal("x1", error.ParamName);
        Assert.Contains("rank at least 2", error.Message);
        Assert.Contains("(2,)", error.Message);
    }

    [Theory]
    [InlineData("x1", double.NaN)]
    [InlineData("x1", double.PositiveInfinity)]
    [InlineData("x2", double.NaN)]
    [InlineData("x2", double.NegativeInfinity)]
    public void Non_finite_inputs_name_the_argument_the_index_and_the_value(string argument, double value)
    {
        var x1 = TestInputs.Normal<double>(3, 5, 1);
        var x2 = TestInputs.Normal<double>(2, 5, 2);
        (argument == "x1" ? x1 : x2).Data[7] = value;
        var error = Assert.Throws<ArgumentException>(() => Network.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options));
        Assert.Equal(argument, error.ParamName);
        Assert.Contains("element 7", error.Message);
        Assert.Contains(value.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void Non_finite_float32_input_is_rejected_too()
    {
        var x = TestInputs.Normal<float>(2, 3, 1);
        x.Data[0] = float.NaN;
        var error = Assert.Throws<ArgumentException>(() => Network.KernelFn(x, null, KernelOutputs.Both, fixture.Options));
        Assert.Equal("x1", error.ParamName);
        Assert.Contains("NaN", error.Message);
    }

    [Theory]
    [InlineData("x1", false)]
    [InlineData("x2", false)]
    [InlineData("x1", true)]
    [InlineData("x2", true)]
    public void Inputs_without_items_name_the_argument_and_the_shape_in_analytic_and_monte_carlo_kernels(string argument, bool monteCarlo)
    {
        var x1 = argument == "x1" ? Tensor<float>.Zeros(0, 5) : TestInputs.Normal<float>(3, 5, 1);
        var x2 = argument == "x2" ? Tensor<float>.Zeros(0, 5) : null;
        Action compute = monteCarlo
            ? () => NeuralTangents.MonteCarlo.KernelFn(Network, new PrngKey(1), 4).Compute(x1, x2)
            : () => Network.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options);
        var error = Assert.Throws<ArgumentException>(compute);
        Assert.Equal(argument, error.ParamName);
        Assert.Contains("at least one item, got shape (0, 5)", error.Message);
    }

    [Fact]
    public void Branches_of_different_widths_in_a_sum_name_both_shapes()
    {
        var network = Stax.Serial(Stax.FanOut(2), Stax.Parallel(Stax.Dense(4), Stax.Dense(6)), Stax.FanInSum());
        var error = Assert.Throws<NetworkDefinitionException>(() => network.KernelFn(TestInputs.Normal<double>(2, 3, 1), null, KernelOutputs.Both, fixture.Options));
        Assert.Contains("(-1, 4)", error.Message);
        Assert.Contains("(-1, 6)", error.Message);
        Assert.Equal("input", error.ParamName);
    }

    [Fact]
    public void Image_inputs_to_a_network_that_never_flattens_give_kernels_that_keep_the_spatial_axes()
    {
        // The analyzers warn about this (NT0009); at run time the kernel keeps the positions, as in Neural Tangents.
        var images = TestInputs.Normal<double>(2, 4 * 4 * 1, 1).Reshape(2, 4, 4, 1);
        var full = Network.KernelFn(images, null, KernelOutputs.Both, fixture.Options);
        Assert.Equal(new[] { 2, 2, 4, 4, 4, 4 }, full.Nngp!.Shape);
        var diagonal = Network.KernelFn(images, null, KernelOutputs.Nngp, fixture.Options with { DiagonalSpatial = true });
        Assert.Equal(new[] { 2, 2, 4, 4 }, diagonal.Nngp!.Shape);
        var flattened = Stax.Serial(Stax.Flatten(), Network).KernelFn(images, null, KernelOutputs.Nngp, fixture.Options);
        Assert.Equal(new[] { 2, 2 }, flattened.Nngp!.Shape);
    }
}
