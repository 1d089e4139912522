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
