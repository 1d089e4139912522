using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.MonteCarlo;

/// <summary>The estimator itself: which networks it averages, how it reports the standard error, reproducibility.</summary>
public sealed class MonteCarloEstimatorTests
{
    private static readonly ILayer Network = Stax.Serial(Stax.Dense(8, 1.2, 0.1), Stax.Relu(), Stax.Dense(3, 0.9, 0.2));

    [Fact]
    public void Nngp_is_the_mean_and_standard_error_of_the_networks_of_the_child_keys()
    {
        // 19 networks: not a multiple of the parallel chunk size, so partial chunks are merged too.
        const int samples = 19;
        var x = TestInputs.Normal<double>(3, 4, 21);
        var key = new PrngKey(77);
        var estimate = NeuralTangents.MonteCarlo.KernelFn(Network, key, samples).Compute(x, null, KernelOutputs.Nngp);

        var values = new double[samples, 9];
        for (int s = 0; s < samples; s++)
        {
            var f = Network.Apply(Network.Init<double>(key.Child(s), x.Shape), x);
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    values[s, i * 3 + j] = (f[i, 0] * f[j, 0] + f[i, 1] * f[j, 1] + f[i, 2] * f[j, 2]) / 3;
        }
        for (int e = 0; e < 9; e++)
        {
            double mean = 0, squares = 0;
            for (int s = 0; s < samples; s++) mean += values[s, e] / samples;
            for (int s = 0; s < samples; s++) squares += (values[s, e] - mean) * (values[s, e] - mean);
            double standardError = Math.Sqrt(squares / (samples - 1) / samples);
            Assert.Equal(mean, estimate.Nngp!.Data[e], 1e-13);
            Assert.Equal(standardError, estimate.NngpStandardError!.Data[e], 1e-13);
        }
        Assert.Null(estimate.Ntk);
        Assert.Equal(samples, estimate.Samples);
    }

    [Fact]
    public void Repeated_estimates_are_bit_identical()
    {
        var x = TestInputs.Normal<double>(3, 4, 22);
        var first = NeuralTangents.MonteCarlo.KernelFn(Network, new PrngKey(5), 40).Compute(x);
        var second = NeuralTangents.MonteCarlo.KernelFn(Network, new PrngKey(5), 40).Compute(x);
        Assert.Equal(first.Nngp!.Data.Select(BitConverter.DoubleToInt64Bits), second.Nngp!.Data.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(first.Ntk!.Data.Select(BitConverter.DoubleToInt64Bits), second.Ntk!.Data.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(first.NtkStandardError!.Data.Select(BitConverter.DoubleToInt64Bits), second.NtkStandardError!.Data.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void A_cancelled_token_stops_the_estimate()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            NeuralTangents.MonteCarlo.KernelFn(Network, new PrngKey(5), 40).Compute(TestInputs.Normal<double>(3, 4, 22), cancellationToken: source.Token));
    }

    [Fact]
    public void Standard_errors_of_a_single_network_are_NaN_because_they_are_undefined()
    {
        var estimate = NeuralTangents.MonteCarlo.KernelFn(Network, new PrngKey(5), 1).Compute(TestInputs.Normal<double>(3, 4, 22));
        Assert.All(estimate.NngpStandardError!.Data, value => Assert.True(double.IsNaN(value)));
        Assert.All(estimate.NtkStandardError!.Data, value => Assert.True(double.IsNaN(value)));
        Assert.All(estimate.Nngp!.Data, value => Assert.True(double.IsFinite(value)));
    }
}
