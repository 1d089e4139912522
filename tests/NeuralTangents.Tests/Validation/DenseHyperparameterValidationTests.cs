using NeuralTangents;

namespace NeuralTangents.Tests.Validation;

/// <summary>Dense rejects invalid standard deviations at construction (rule NT0004), naming the parameter and the value.</summary>
public sealed class DenseHyperparameterValidationTests
{
    public static TheoryData<string, double, double?, string> Invalid => new()
    {
        { "wStd", -1.0, 0.1, "-1" },
        { "wStd", 0.0, 0.1, "got 0" },
        { "wStd", double.NaN, 0.1, "NaN" },
        { "wStd", double.PositiveInfinity, null, "Infinity" },
        { "bStd", 1.0, -0.5, "-0.5" },
        { "bStd", 1.0, double.NaN, "NaN" },
        { "bStd", 1.0, double.NegativeInfinity, "-Infinity" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_standard_deviation_names_it_and_the_value(string parameter, double wStd, double? bStd, string shown)
    {
        foreach (var parameterization in new[] { Parameterization.Ntk, Parameterization.Standard })
        {
            var error = Assert.Throws<NetworkDefinitionException>(() => Stax.Dense(4, wStd, bStd, parameterization));
            Assert.Equal("NT0004", error.RuleId);
            Assert.Equal(parameter, error.ParamName);
            Assert.Contains($"{parameter} must be", error.Message);
            Assert.Contains(shown, error.Message);
        }
    }

    [Fact]
    public void No_bias_and_a_zero_bias_are_valid()
    {
        Assert.Contains("bStd: null", Stax.Dense(4, 1.0, null).Name);
        Assert.Contains("bStd: 0", Stax.Dense(4, 1.0, 0.0).Name);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Non_positive_width_names_out_dim(int outDim)
    {
        var error = Assert.Throws<NetworkDefinitionException>(() => Stax.Dense(outDim));
        Assert.Equal("outDim", error.ParamName);
        Assert.Contains($"got {outDim}", error.Message);
    }
}
