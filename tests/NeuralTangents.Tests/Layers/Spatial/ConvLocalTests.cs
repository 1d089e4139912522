using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Layers.Spatial;

/// <summary>
/// ConvLocal (unshared weights) against Monte Carlo averages of finite networks (one nonlinearity, only linear
/// layers after it, so small widths suffice), its diagonal agreement with Conv, jets and bad parameters.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ConvLocalTests(CpuEngineFixture fixture)
{
    private const int Samples = 160;

    [Fact]
    public void Conv_local_relu_conv_local_flatten_matches_monte_carlo()
    {
        var network = Stax.Serial(Stax.ConvLocal(6, new[] { 2, 2 }, null, Padding.Same, 1.4, 0.3), Stax.Relu(),
            Stax.ConvLocal(6, new[] { 2, 2 }, null, Padding.Valid, 1.2, 0.2), Stax.Flatten(), Stax.Dense(3, 1.1, 0.1));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(62, 3, 4, 4, 2), fixture, Samples, 91);
    }

    [Fact]
    public void Conv_local_before_global_pool_has_no_cross_position_covariance()
    {
        // Global pooling sums every position pair, so a kernel that kept Conv's cross-position terms would fail here.
        var network = Stax.Serial(Stax.Conv(6, new[] { 3 }, null, Padding.Circular, 1.3, 0.2), Stax.Erf(),
            Stax.ConvLocal(6, new[] { 2 }, new[] { 1 }, Padding.Same, 1.2, 0.3), Stax.GlobalSumPool(), Stax.Dense(3));
        var x = SpatialMonteCarlo.Images(63, 3, 5, 2);
        var exact = SpatialMonteCarlo.AssertMatches(network, x, fixture, Samples, 97);
        var shared = Stax.Serial(Stax.Conv(6, new[] { 3 }, null, Padding.Circular, 1.3, 0.2), Stax.Erf(),
            Stax.Conv(6, new[] { 2 }, new[] { 1 }, Padding.Same, 1.2, 0.3), Stax.GlobalSumPool(), Stax.Dense(3)).KernelFn(x, null, KernelOutputs.Nngp, fixture.Options);
        Assert.True(Math.Abs(shared.Nngp![0, 1] - exact.Nngp![0, 1]) > 1e-3, "ConvLocal and Conv differ once positions are summed");
    }

    [Fact]
    public void Standard_parameterization_with_strides_matches_monte_carlo()
    {
        var network = Stax.Serial(Stax.Conv(6, new[] { 2 }, null, Padding.Same, 1.2, 0.1), Stax.Relu(),
            Stax.ConvLocal(5, new[] { 3 }, new[] { 2 }, Padding.Valid, 1.3, 0.4, Parameterization.Standard, 2, 1), Stax.Flatten(), Stax.Dense(2));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(64, 3, 7, 2), fixture, Samples, 101);
    }

    [Fact]
    public void Conv_local_then_flatten_has_conv_s_kernel()
    {
        var x = SpatialMonteCarlo.Images(65, 3, 4, 4, 2);
        Kernel<double> Of(ILayer layer) => Stax.Serial(layer, Stax.Relu(), Stax.Flatten(), Stax.Dense(2)).KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        var local = Of(Stax.ConvLocal(4, new[] { 3, 2 }, new[] { 1, 2 }, Padding.Same, 1.3, 0.2));
        var shared = Of(Stax.Conv(4, new[] { 3, 2 }, new[] { 1, 2 }, Padding.Same, 1.3, 0.2));
        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(shared.Nngp!.Data[i], local.Nngp!.Data[i], 12);
            Assert.Equal(shared.Ntk!.Data[i], local.Ntk!.Data[i], 12);
        }
    }

    [Fact]
    public void Init_draws_one_filter_and_bias_per_output_position()
    {
        var layer = Stax.ConvLocal(3, new[] { 2, 2 }, new[] { 2, 1 }, Padding.Valid, 1.0, 0.1);
        var parameters = layer.Init<double>(new PrngKey(4), new[] { -1, 5, 4, 2 });
        // Output positions: 2 × 3 = 6, each with a (2, 2, 2, 3) filter and a bias of 3.
        Assert.Equal(12, parameters.Tensors.Count);
        Assert.Equal(new[] { 2, 2, 2, 3 }, parameters.Tensors[0].Shape);
        Assert.Equal(new[] { 3 }, parameters.Tensors[11].Shape);
        Assert.NotEqual(parameters.Tensors[0].Data, parameters.Tensors[1].Data);
    }

    [Fact]
    public void Jet_matches_central_differences_in_inputs_and_parameters()
    {
        var layer = Stax.ConvLocal(3, new[] { 2, 2 }, null, Padding.Same, 1.2, 0.5);
        var shape = new[] { -1, 3, 3, 2 };
        var parameters = layer.Init<double>(new PrngKey(5), shape);
        var direction = layer.Init<double>(new PrngKey(6), shape);
        var x = SpatialMonteCarlo.Images(66, 2, 3, 3, 2);
        var v = SpatialMonteCarlo.Images(67, 2, 3, 3, 2);
        JetCheck.MatchesCentralDifferences(layer, parameters, direction, x, v, 6, 4);
    }

    [Fact]
    public void Parameters_of_another_input_size_are_rejected()
    {
        var layer = Stax.ConvLocal(3, new[] { 2 }, null, Padding.Valid);
        var parameters = layer.Init<double>(new PrngKey(7), new[] { -1, 5, 2 });
        var error = Assert.Throws<ArgumentException>(() => layer.Apply(parameters, SpatialMonteCarlo.Images(68, 2, 7, 2)));
        Assert.Equal("parameters", error.ParamName);
        Assert.Contains("6 output positions", error.Message);
    }

    [Fact]
    public void Bad_hyperparameters_are_rejected()
    {
        var channels = Assert.Throws<NetworkDefinitionException>(() => Stax.ConvLocal(0, new[] { 2 }));
        Assert.Contains("ConvLocal(0", channels.Message);
        Assert.Contains("outChannels", channels.Message);
        var weights = Assert.Throws<NetworkDefinitionException>(() => Stax.ConvLocal(3, new[] { 2 }, null, Padding.Valid, -1.0));
        Assert.Contains("wStd", weights.Message);
        Assert.Throws<ArgumentNullException>(() => Stax.ConvLocal(3, null!));
    }
}
