using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Layers.Spatial;

/// <summary>LayerNorm over channels against Monte Carlo, on spatial and fully-connected activations.</summary>
[Collection(EngineCollection.Name)]
public sealed class LayerNormKernelTests(CpuEngineFixture fixture)
{
    [Fact]
    public void Layer_norm_after_conv_matches_monte_carlo()
    {
        var network = Stax.Serial(Stax.Conv(128, new[] { 2, 2 }, null, Padding.Same, 1.3, 0.4), Stax.LayerNorm(), Stax.Flatten(), Stax.Dense(3, 1.2, 0.1));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(12, 3, 4, 4, 2), fixture, 160, 47);
    }

    [Fact]
    public void Layer_norm_before_global_pool_in_the_full_form_matches_monte_carlo()
    {
        var network = Stax.Serial(Stax.Conv(128, new[] { 3, 3 }, new[] { 2, 2 }, Padding.Circular, 1.1, 0.2), Stax.LayerNorm(), Stax.GlobalAvgPool(), Stax.Dense(3));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(13, 3, 5, 5, 2), fixture, 160, 53);
    }

    [Fact]
    public void A_nonlinearity_after_layer_norm_matches_monte_carlo()
    {
        // LayerNorm keeps a Gaussian input Gaussian (the normalizer is a constant per item in the limit), as in Neural Tangents.
        var network = Stax.Serial(Stax.Conv(128, new[] { 2, 2 }, null, Padding.Same, 1.3, 0.4), Stax.LayerNorm(), Stax.Relu(), Stax.Flatten(), Stax.Dense(3, 1.2, 0.1));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(16, 3, 4, 4, 2), fixture, 160, 59);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Layer_norm_divides_by_the_variances_plus_epsilon_on_the_plan_and_interpreted(bool interpreted)
    {
        // Dense then LayerNorm(ε): K = σw²·x1·x2/d + σb², then K/√((q1 + ε)(q2 + ε)) and q/(q + ε), Neural Tangents' rule
        // (the channel variance of y = (x − mean)/√(var + ε) is q/(q + ε) in the limit). The NTK of one Dense is its NNGP.
        const double eps = 0.4, w = 1.3, b = 0.2;
        var network = Stax.Serial(Stax.Dense(5, w, b), Stax.LayerNorm(eps));
        var x1 = TestInputs.Normal<double>(3, 4, 141);
        var x2 = TestInputs.Normal<double>(2, 4, 142);
        var options = fixture.Options with { InterpretedLayers = interpreted };
        Assert.StartsWith(interpreted ? "interpreted layers" : "pair-major host plan", KernelPlanInfo.For<double>(network, new[] { -1, 4 }, 3, 2, options: options).Path);
        var kernel = network.KernelFn(x1, x2, KernelOutputs.Both, options);
        double Dense(Tensor<double> a, int i, Tensor<double> c, int j) => w * w * Enumerable.Range(0, 4).Sum(f => a[i, f] * c[j, f]) / 4 + b * b;
        for (int i = 0; i < 3; i++)
        {
            double q1 = Dense(x1, i, x1, i);
            Assert.Equal(q1 / (q1 + eps), kernel.Cov1[i], 1e-14);
            for (int j = 0; j < 2; j++)
            {
                double expected = Dense(x1, i, x2, j) / Math.Sqrt((q1 + eps) * (Dense(x2, j, x2, j) + eps));
                Assert.Equal(expected, kernel.Nngp![i, j], 1e-14);
                Assert.Equal(expected, kernel.Ntk![i, j], 1e-14);
            }
        }
    }

    [Fact]
    public void Layer_norm_over_channels_on_the_plan_equals_the_interpreted_rule_in_a_cnn()
    {
        var network = Stax.Serial(Stax.Conv(4, new[] { 2, 2 }, null, Padding.Same, 1.3, 0.2), Stax.LayerNorm(0.3), Stax.Relu(), Stax.Flatten(), Stax.Dense(2, 1.1, 0.1));
        var x1 = SpatialMonteCarlo.Images(17, 3, 4, 3, 2);
        var x2 = SpatialMonteCarlo.Images(18, 2, 4, 3, 2);
        Assert.StartsWith("pair-major host plan", KernelPlanInfo.For<double>(network, new[] { -1, 4, 3, 2 }, 3, 2, options: fixture.Options).Path);
        var plan = network.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options);
        var interpreted = network.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options with { InterpretedLayers = true });
        double scale = interpreted.Ntk!.Data.Max(Math.Abs);
        for (int e = 0; e < plan.Nngp!.Length; e++)
        {
            Assert.True(Math.Abs(plan.Nngp.Data[e] - interpreted.Nngp!.Data[e]) <= 1e-12 * scale, $"nngp entry {e}");
            Assert.True(Math.Abs(plan.Ntk!.Data[e] - interpreted.Ntk.Data[e]) <= 1e-12 * scale, $"ntk entry {e}");
        }
    }

    [Fact]
    public void Layer_norm_needs_a_gaussian_input_for_its_kernel()
    {
        var network = Stax.Serial(Stax.Dense(8), Stax.Relu(), Stax.LayerNorm(), Stax.Dense(1));
        var error = Assert.Throws<NetworkDefinitionException>(() => network.KernelFn(TestInputs.Normal<double>(2, 3, 1), null, KernelOutputs.Nngp, fixture.Options));
        Assert.Contains("Gaussian", error.Message);
    }

    [Fact]
    public void Layer_norm_jet_matches_central_differences_of_apply()
    {
        var layer = Stax.LayerNorm(1e-3);
        var x = SpatialMonteCarlo.Images(14, 2, 3, 5);
        var v = SpatialMonteCarlo.Images(15, 2, 3, 5);
        var parameters = layer.Init<double>(new PrngKey(1), new[] { -1, 3, 5 });
        JetCheck.MatchesCentralDifferences(layer, parameters, null, x, v, 5, 4);
    }
}
