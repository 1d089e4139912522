using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Validation;

/// <summary>Bad arguments to the Monte Carlo kernel function.</summary>
public sealed class MonteCarloValidationTests
{
    private static readonly ILayer Network = Stax.Serial(Stax.Dense(8, 1.2, 0.1), Stax.Relu(), Stax.Dense(2));

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Fewer_than_one_sample_names_samples_and_the_value(int samples)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => NeuralTangents.MonteCarlo.KernelFn(Network, new PrngKey(1), samples));
        Assert.Equal("samples", error.ParamName);
        Assert.Equal(samples, error.ActualValue);
        Assert.Contains("At least one sample", error.Message);
    }

    [Fact]
    public void X2_with_another_feature_size_names_x2_and_both_shapes()
    {
        var estimator = NeuralTangents.MonteCarlo.KernelFn(Network, new PrngKey(1), 2);
        var error = Assert.Throws<ArgumentException>(() => estimator.Compute(TestInputs.Normal<double>(3, 5, 1), TestInputs.Normal<double>(2, 6, 2)));
        Assert.Equal("x2", error.ParamName);
        Assert.Contains("(3, 5)", error.Message);
        Assert.Contains("(2, 6)", error.Message);
    }

    [Fact]
    public void X2_with_another_rank_names_x2()
    {
        var estimator = NeuralTangents.MonteCarlo.KernelFn(Network, new PrngKey(1), 2);
        var error = Assert.Throws<ArgumentException>(() => estimator.Compute(TestInputs.Normal<double>(3, 5, 1), TestInputs.Normal<double>(2, 10, 2).Reshape(2, 5, 2)));
        Assert.Equal("x2", error.ParamName);
        Assert.Contains("(2, 5, 2)", error.Message);
    }

    [Theory]
    [InlineData("x1")]
    [InlineData("x2")]
    public void Non_finite_inputs_name_the_argument(string argument)
    {
        var x1 = TestInputs.Normal<double>(3, 5, 1);
        var x2 = TestInputs.Normal<double>(2, 5, 2);
        (argument == "x1" ? x1 : x2).Data[3] = double.PositiveInfinity;
        var error = Assert.Throws<ArgumentException>(() => NeuralTangents.MonteCarlo.KernelFn(Network, new PrngKey(1), 2).Compute(x1, x2));
        Assert.Equal(argument, error.ParamName);
        Assert.Contains("element 3", error.Message);
        Assert.Contains("Infinity", error.Message);
    }
}
