using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Layers.Spatial;

/// <summary>
/// ConvTranspose: JAX's conv_transpose geometry on a hand-worked example, output sizes, kernels against Monte Carlo
/// averages of the same finite networks (one nonlinearity, only linear layers after it, so small widths suffice),
/// full and diagonal forms, jets and bad hyperparameters.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ConvTransposeTests(CpuEngineFixture fixture)
{
    private const int Samples = 160;

    [Fact]
    public void Apply_follows_jax_conv_transpose_on_a_worked_example()
    {
        // x = [1, 2], filter [a, b, c], stride 2, VALID: the dilated input [1, 0, 2] padded by k − 1 = 2 on each side
        // and correlated with the filter gives [c, b, a + 2c, 2b, 2a] (length 2·2 + max(3 − 2, 0) = 5).
        var layer = Stax.ConvTranspose(1, new[] { 3 }, new[] { 2 }, Padding.Valid, wStd: Math.Sqrt(3));
        var parameters = layer.Init<double>(new PrngKey(1), new[] { -1, 2, 1 });
        double a = 0.5, b = -1.5, c = 2.0;
        parameters.Tensors[0].Data[0] = a;
        parameters.Tensors[0].Data[1] = b;
        parameters.Tensors[0].Data[2] = c;
        var y = layer.Apply(parameters, new Tensor<double>(new[] { 1.0, 2.0 }, 1, 2, 1));
        Assert.Equal(new[] { 1, 5, 1 }, y.Shape);
        var expected = new[] { c, b, a + 2 * c, 2 * b, 2 * a };
        for (int i = 0; i < 5; i++) Assert.Equal(expected[i], y.Data[i], 12);
        // SAME keeps in·s = 4 outputs: pad ⌈(k + s − 2)/2⌉ = 2 → the first four of the VALID result.
        var same = Stax.ConvTranspose(1, new[] { 3 }, new[] { 2 }, Padding.Same, wStd: Math.Sqrt(3));
        var ySame = same.Apply(parameters, new Tensor<double>(new[] { 1.0, 2.0 }, 1, 2, 1));
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], ySame.Data[i], 12);
        // CIRCULAR folds the VALID result onto 4 positions starting ⌊max(k − s, 0)/2⌋ = 0 in: position 4 wraps onto 0.
        var circular = Stax.ConvTranspose(1, new[] { 3 }, new[] { 2 }, Padding.Circular, wStd: Math.Sqrt(3));
        var yCircular = circular.Apply(parameters, new Tensor<double>(new[] { 1.0, 2.0 }, 1, 2, 1));
        var folded = new[] { c + 2 * a, b, a + 2 * c, 2 * b };
        for (int i = 0; i < 4; i++) Assert.Equal(folded[i], yCircular.Data[i], 12);
    }

    [Theory]
    [InlineData(Padding.Valid, 3, 2, 7)]
    [InlineData(Padding.Valid, 2, 3, 9)]
    [InlineData(Padding.Same, 3, 2, 6)]
    [InlineData(Padding.Circular, 3, 2, 6)]
    [InlineData(Padding.Valid, 1, 1, 3)]
    public void Output_size_is_jax_s(Padding padding, int filter, int stride, int expected)
    {
        var layer = Stax.ConvTranspose(4, new[] { filter, 1 }, new[] { stride, 1 }, padding);
        Assert.Equal(new[] { -1, expected, 3, 4 }, layer.OutputShape(new[] { -1, 3, 3, 2 }));
    }

    [Theory]
    [MemberData(nameof(SpatialMonteCarlo.PaddingsAndStrides), MemberType = typeof(SpatialMonteCarlo))]
    public void Conv_transpose_relu_conv_transpose_flatten_matches_monte_carlo(Padding padding, int stride)
    {
        var network = Stax.Serial(
            Stax.ConvTranspose(12, new[] { 3, 2 }, new[] { stride, stride }, padding, 1.4, 0.3), Stax.Relu(),
            Stax.ConvTranspose(12, new[] { 2, 3 }, new[] { stride, 1 }, padding, 1.2, 0.2), Stax.Flatten(), Stax.Dense(3, 1.1, 0.1));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(71, 3, 3, 3, 3), fixture, Samples, 103);
    }

    [Theory]
    [MemberData(nameof(SpatialMonteCarlo.PaddingsAndStrides), MemberType = typeof(SpatialMonteCarlo))]
    public void Conv_transpose_before_global_pool_matches_monte_carlo(Padding padding, int stride)
    {
        // Global pooling sums every position pair, so the full form's cross-position entries are checked too.
        var network = Stax.Serial(
            Stax.Conv(12, new[] { 2, 2 }, null, Padding.Same, 1.3, 0.2), Stax.Erf(),
            Stax.ConvTranspose(12, new[] { 3, 3 }, new[] { stride, stride }, padding, 1.2, 0.3), Stax.GlobalAvgPool(), Stax.Dense(3, 1.0, 0.1));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(72, 3, 3, 3, 2), fixture, Samples, 107);
    }

    [Fact]
    public void Standard_parameterization_matches_monte_carlo()
    {
        var network = Stax.Serial(
            Stax.ConvTranspose(12, new[] { 2, 2 }, new[] { 2, 2 }, Padding.Valid, 1.3, 0.4, Parameterization.Standard), Stax.Relu(),
            Stax.ConvTranspose(12, new[] { 3, 3 }, null, Padding.Same, 1.1, 0.2, Parameterization.Standard), Stax.GlobalAvgPool(),
            Stax.Dense(3, 1.0, 0.1, Parameterization.Standard));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(73, 3, 3, 3, 2), fixture, Samples, 109);
    }

    [Fact]
    public void One_and_three_dimensional_conv_transposes_match_monte_carlo()
    {
        var oneD = Stax.Serial(
            Stax.ConvTranspose(12, new[] { 3 }, new[] { 2 }, Padding.Circular, 1.3, 0.2), Stax.Relu(),
            Stax.AvgPool(new[] { 2 }), Stax.ConvTranspose(12, new[] { 2 }, null, Padding.Valid, 1.0, 0.1), Stax.Flatten(), Stax.Dense(3));
        SpatialMonteCarlo.AssertMatches(oneD, SpatialMonteCarlo.Images(74, 3, 4, 2), fixture, Samples, 113);
        var threeD = Stax.Serial(
            Stax.ConvTranspose(12, new[] { 2, 1, 2 }, new[] { 1, 2, 1 }, Padding.Same, 1.3, 0.2), Stax.Relu(),
            Stax.ConvTranspose(12, new[] { 1, 2, 2 }, null, Padding.Valid, 1.0, 0.1), Stax.GlobalAvgPool(), Stax.Dense(3));
        SpatialMonteCarlo.AssertMatches(threeD, SpatialMonteCarlo.Images(75, 3, 2, 2, 2, 2), fixture, Samples, 127);
    }

    [Theory]
    [InlineData(Padding.Valid)]
    [InlineData(Padding.Same)]
    [InlineData(Padding.Circular)]
    public void Full_and_diagonal_forms_agree(Padding padding)
    {
        // AvgPool over a 1×1 window is the identity but needs the full form, so everything before it runs in
        // the full form and drops to the diagonal only before Flatten.
        var body = new ILayer[]
        {
            Stax.ConvTranspose(8, new[] { 3, 2 }, new[] { 2, 1 }, padding, 1.4, 0.3), Stax.Relu(),
            Stax.ConvTranspose(8, new[] { 2, 2 }, new[] { 2, 2 }, padding, 1.2, 0.2), Stax.Erf(),
        };
        var diagonal = Stax.Serial(body.Append(Stax.Flatten()).Append(Stax.Dense(2)).ToArray());
        var full = Stax.Serial(body.Append(Stax.AvgPool(new[] { 1, 1 })).Append(Stax.Flatten()).Append(Stax.Dense(2)).ToArray());
        var x = SpatialMonteCarlo.Images(76, 3, 3, 2, 2);
        var a = diagonal.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        var b = full.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(a.Nngp![i, j], b.Nngp![i, j], 12);
                Assert.Equal(a.Ntk![i, j], b.Ntk![i, j], 12);
            }
    }

    [Fact]
    public void Jet_matches_central_differences_in_inputs_and_parameters()
    {
        var layer = Stax.ConvTranspose(3, new[] { 2, 3 }, new[] { 2, 1 }, Padding.Circular, 1.2, 0.5);
        var shape = new[] { -1, 3, 2, 2 };
        var parameters = layer.Init<double>(new PrngKey(5), shape);
        var direction = layer.Init<double>(new PrngKey(6), shape);
        var x = SpatialMonteCarlo.Images(77, 2, 3, 2, 2);
        var v = SpatialMonteCarlo.Images(78, 2, 3, 2, 2);
        JetCheck.MatchesCentralDifferences(layer, parameters, direction, x, v, 6, 4);
    }

    [Fact]
    public void Bad_hyperparameters_and_inputs_are_rejected()
    {
        var channels = Assert.Throws<NetworkDefinitionException>(() => Stax.ConvTranspose(0, new[] { 2 }));
        Assert.Contains("ConvTranspose(0", channels.Message);
        Assert.Contains("outChannels", channels.Message);
        var weights = Assert.Throws<NetworkDefinitionException>(() => Stax.ConvTranspose(3, new[] { 2 }, null, Padding.Valid, -1.0));
        Assert.Contains("wStd", weights.Message);
        var strides = Assert.Throws<NetworkDefinitionException>(() => Stax.ConvTranspose(3, new[] { 2, 2 }, new[] { 2 }));
        Assert.Contains("strides", strides.Message);
        var zeroStride = Assert.Throws<NetworkDefinitionException>(() => Stax.ConvTranspose(3, new[] { 2 }, new[] { 0 }));
        Assert.Contains("stride 0 must be at least 1", zeroStride.Message);
        var rank = Assert.Throws<NetworkDefinitionException>(() => Stax.ConvTranspose(3, new[] { 2, 2 }).OutputShape(new[] { -1, 4, 2 }));
        Assert.Contains("rank 4", rank.Message);
        Assert.Throws<ArgumentNullException>(() => Stax.ConvTranspose(3, null!));
    }
}
