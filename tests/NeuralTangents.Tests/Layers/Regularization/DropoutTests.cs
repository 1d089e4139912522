using NeuralTangents;
using NeuralTangents.Tests.Layers.Spatial;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Layers.Regularization;

/// <summary>
/// Dropout: train-mode kernels against Monte Carlo averages of finite networks with random masks (one
/// nonlinearity, only linear layers after it, so small widths suffice), the same-item scaling on tiles of any
/// size, test mode as the identity, the finite masks, jets and bad input.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class DropoutTests(CpuEngineFixture fixture)
{
    private const int Samples = 200;

    [Fact]
    public void Dense_relu_dropout_dense_matches_monte_carlo()
    {
        var network = Stax.Serial(Stax.Dense(16, 1.3, 0.2), Stax.Relu(), Stax.Dropout(0.6), Stax.Dense(3, 1.1, 0.1));
        var x = TestInputs.Normal<double>(4, 5, 31);
        SpatialMonteCarlo.AssertMatches(network, x, fixture, Samples, 61);
    }

    [Fact]
    public void Dropout_on_the_input_matches_monte_carlo()
    {
        // Neural Tangents refuses Dropout on the input layer; the same rule is exact there (masks independent of the weights).
        var network = Stax.Serial(Stax.Dropout(0.5), Stax.Dense(4, 1.2, 0.3), Stax.Relu(), Stax.Dense(2));
        SpatialMonteCarlo.AssertMatches(network, TestInputs.Normal<double>(3, 6, 34), fixture, Samples, 73);
    }

    [Fact]
    public void Conv_relu_dropout_flatten_matches_monte_carlo_in_the_diagonal_form()
    {
        var network = Stax.Serial(Stax.Conv(8, new[] { 2, 2 }, null, Padding.Same, 1.3, 0.2), Stax.Relu(), Stax.Dropout(0.5),
            Stax.Flatten(), Stax.Dense(3, 1.1, 0.1));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(32, 3, 4, 4, 2), fixture, Samples, 67);
    }

    [Fact]
    public void Conv_relu_dropout_global_pool_matches_monte_carlo_in_the_full_form()
    {
        var network = Stax.Serial(Stax.Conv(8, new[] { 3 }, null, Padding.Circular, 1.2, 0.3), Stax.Relu(), Stax.Dropout(0.5),
            Stax.GlobalAvgPool(), Stax.Dense(3, 1.1, 0.1));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(33, 3, 5, 2), fixture, Samples, 71);
    }

    [Fact]
    public void Train_kernel_scales_only_the_same_item_entries_on_any_tiling()
    {
        const double keep = 0.7, wStd = 1.1, bStd = 0.1;
        var with = Stax.Serial(Stax.Dense(16, 1.3, 0.2), Stax.Relu(), Stax.Dropout(keep), Stax.Dense(3, wStd, bStd));
        var without = Stax.Serial(Stax.Dense(16, 1.3, 0.2), Stax.Relu(), Stax.Dense(3, wStd, bStd));
        var x1 = TestInputs.Normal<double>(5, 4, 41);
        var x2 = TestInputs.Normal<double>(3, 4, 42);
        var reference = without.KernelFn(x1, null, KernelOutputs.Both, fixture.Options);
        foreach (int? tile in new int?[] { null, 1, 2 })
        {
            var options = fixture.Options with { TileSize = tile };
            var k = with.KernelFn(x1, null, KernelOutputs.Both, options);
            for (int i = 0; i < 5; i++)
                for (int j = 0; j < 5; j++)
                {
                    // Readout: nngp = wStd²·E[y·y'] + bStd², and E[y·y'] gains 1/keep only for an item with itself.
                    double inner = (reference.Nngp![i, j] - bStd * bStd) / (wStd * wStd);
                    double expected = wStd * wStd * inner * (i == j ? 1 / keep : 1) + bStd * bStd;
                    Assert.Equal(expected, k.Nngp![i, j], 10);
                    // NTK: the readout adds the same nngp change, and its inner NTK term σ_w²·Θ_y also gains 1/keep; for
                    // ReLU on the diagonal Θ_y = T'(q)·q = q/2 = E[y²], so the inner change equals the nngp change.
                    Assert.Equal(i == j ? reference.Ntk![i, j] + (expected - reference.Nngp[i, j]) * 2 : reference.Ntk![i, j], k.Ntk![i, j], 9);
                }
            var cross = with.KernelFn(x1, x2, KernelOutputs.Nngp, options);
            var crossReference = without.KernelFn(x1, x2, KernelOutputs.Nngp, options);
            for (int i = 0; i < 5; i++)
                for (int j = 0; j < 3; j++) Assert.Equal(crossReference.Nngp![i, j], cross.Nngp![i, j], 10);
        }
    }

    [Fact]
    public void Test_mode_is_the_identity_for_kernels_and_apply()
    {
        var x = TestInputs.Normal<double>(3, 4, 43);
        var with = Stax.Serial(Stax.Dense(8), Stax.Dropout(0.5, DropoutMode.Test), Stax.Erf(), Stax.Dense(2));
        var without = Stax.Serial(Stax.Dense(8), Stax.Erf(), Stax.Dense(2));
        var k = with.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        var reference = without.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        Assert.Equal(reference.Nngp!.Data, k.Nngp!.Data);
        Assert.Equal(reference.Ntk!.Data, k.Ntk!.Data);
        var layer = Stax.Dropout(0.5, DropoutMode.Test);
        Assert.Equal(x.Data, layer.Apply(layer.Init<double>(new PrngKey(1), new[] { -1, 4 }), x).Data);
    }

    [Fact]
    public void Train_apply_keeps_units_at_the_keep_rate_scaled_by_its_inverse_and_repeats_for_the_same_key()
    {
        const double keep = 0.3;
        var layer = Stax.Dropout(keep);
        var x = TestInputs.Normal<double>(40, 50, 44);
        var parameters = layer.Init<double>(new PrngKey(5), new[] { -1, 50 });
        var y = layer.Apply(parameters, x);
        int kept = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (y.Data[i] == 0) continue;
            kept++;
            Assert.Equal(x.Data[i] / keep, y.Data[i], 12);
        }
        // Binomial(2000, 0.3): standard deviation √(2000·0.3·0.7) ≈ 20.5.
        Assert.InRange(kept, 2000 * keep - 4 * 20.5, 2000 * keep + 4 * 20.5);
        Assert.Equal(y.Data, layer.Apply(parameters, x).Data);
        Assert.NotEqual(y.Data, layer.Apply(layer.Init<double>(new PrngKey(6), new[] { -1, 50 }), x).Data);
    }

    [Fact]
    public void Train_jet_applies_the_mask_to_every_coefficient()
    {
        var layer = Stax.Dropout(0.5);
        var x = SpatialMonteCarlo.Images(45, 2, 3, 4);
        var v = SpatialMonteCarlo.Images(46, 2, 3, 4);
        var parameters = layer.Init<double>(new PrngKey(2), new[] { -1, 3, 4 });
        var jet = ((NeuralTangents.Layers.LayerBase)layer).ForwardJet(parameters, null,
            new[] { new NeuralTangents.Finite.Jet<double>(new Tensor<double>?[] { x, v, null }) })[0];
        Assert.Equal(layer.Apply(parameters, x).Data, jet.Coefficients[0]!.Data);
        Assert.Equal(layer.Apply(parameters, v).Data, jet.Coefficients[1]!.Data);
        Assert.Null(jet.Coefficients[2]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_keep_rate_outside_the_unit_interval_is_rejected(double rate)
    {
        var error = Assert.Throws<NetworkDefinitionException>(() => Stax.Dropout(rate));
        Assert.Contains("rate", error.Message);
        Assert.Contains("(0, 1]", error.Message);
    }

    [Fact]
    public void An_undefined_mode_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Stax.Dropout(0.5, (DropoutMode)7));
        Assert.Equal("mode", error.ParamName);
    }

    [Fact]
    public void Train_apply_with_parameters_that_carry_no_key_is_rejected()
    {
        var layer = Stax.Dropout(0.5);
        var foreign = Stax.Dense(4).Init<double>(new PrngKey(3), new[] { -1, 4 });
        var error = Assert.Throws<ArgumentException>(() => layer.Apply(foreign, TestInputs.Normal<double>(2, 4, 47)));
        Assert.Equal("parameters", error.ParamName);
        Assert.Contains("Init", error.Message);
    }
}
