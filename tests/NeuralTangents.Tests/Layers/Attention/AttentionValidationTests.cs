using NeuralTangents;
using NeuralTangents.Tests.Layers.Spatial;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Layers.Attention;

/// <summary>GlobalSelfAttention's argument validation, shapes, layout requirement and unsupported kernel combinations.</summary>
[Collection(EngineCollection.Name)]
public sealed class AttentionValidationTests(CpuEngineFixture fixture)
{
    public static TheoryData<string, Func<ILayer>> BadHyperparameters() => new()
    {
        { "nChanOut", () => Stax.GlobalSelfAttention(0, 4, 4, 1) },
        { "nChanKey", () => Stax.GlobalSelfAttention(4, -1, 4, 1) },
        { "nChanVal", () => Stax.GlobalSelfAttention(4, 4, 0, 1) },
        { "nHeads", () => Stax.GlobalSelfAttention(4, 4, 4, 0) },
        { "wKeyStd", () => Stax.GlobalSelfAttention(4, 4, 4, 1, wKeyStd: double.NaN) },
        { "wValueStd", () => Stax.GlobalSelfAttention(4, 4, 4, 1, wValueStd: 0) },
        { "wQueryStd", () => Stax.GlobalSelfAttention(4, 4, 4, 1, wQueryStd: double.PositiveInfinity) },
        { "wOutStd", () => Stax.GlobalSelfAttention(4, 4, 4, 1, wOutStd: -1) },
        { "bStd", () => Stax.GlobalSelfAttention(4, 4, 4, 1, bStd: -0.1) },
        { "attentionMechanism", () => Stax.GlobalSelfAttention(4, 4, 4, 1, attentionMechanism: (AttentionMechanism)7) },
        { "posEmbType", () => Stax.GlobalSelfAttention(4, 4, 4, 1, posEmbType: (PositionalEmbedding)5) },
        { "posEmbPNorm", () => Stax.GlobalSelfAttention(4, 4, 4, 1, posEmbPNorm: 0) },
        { "wPosEmbStd", () => Stax.GlobalSelfAttention(4, 4, 4, 1, wPosEmbStd: double.NaN) },
        { "nChanPosEmb", () => Stax.GlobalSelfAttention(4, 4, 4, 1, posEmbType: PositionalEmbedding.Concat, nChanPosEmb: 0) },
    };

    [Theory]
    [MemberData(nameof(BadHyperparameters))]
    public void Out_of_domain_hyperparameters_are_rejected_naming_the_argument(string argument, Func<ILayer> create)
    {
        var error = Assert.Throws<NetworkDefinitionException>(create);
        Assert.Equal("NT0004", error.RuleId);
        Assert.Equal(argument, error.ParamName);
        Assert.Contains(argument, error.Message);
    }

    [Fact]
    public void Inputs_without_spatial_axes_are_rejected_with_the_shape()
    {
        var layer = Stax.GlobalSelfAttention(4, 4, 4, 1);
        var error = Assert.Throws<NetworkDefinitionException>(() => layer.OutputShape(new[] { -1, 5 }));
        Assert.Equal("NT0002", error.RuleId);
        Assert.Contains("(-1, 5)", error.Message);
        Assert.Contains("rank at least 3", error.Message);
    }

    [Fact]
    public void Output_keeps_the_positions_with_the_output_channels()
    {
        Assert.Equal(new[] { -1, 3, 4, 7 }, Stax.GlobalSelfAttention(7, 4, 4, 2).OutputShape(new[] { -1, 3, 4, 5 }));
        Assert.Equal(new[] { -1, 6, 2 }, Stax.GlobalSelfAttention(2, 4, 4, 1, posEmbType: PositionalEmbedding.Concat, nChanPosEmb: 9).OutputShape(new[] { -1, 6, 3 }));
    }

    [Fact]
    public void Sum_embeddings_with_another_channel_count_than_the_inputs_are_rejected()
    {
        var layer = Stax.GlobalSelfAttention(4, 4, 4, 1, posEmbType: PositionalEmbedding.Sum, nChanPosEmb: 6);
        var error = Assert.Throws<NetworkDefinitionException>(() => layer.OutputShape(new[] { -1, 5, 3 }));
        Assert.Equal("NT0002", error.RuleId);
        Assert.Equal("nChanPosEmb", error.ParamName);
        Assert.Contains("CONCAT", error.Message);
        Assert.Equal(new[] { -1, 5, 4 }, layer.OutputShape(new[] { -1, 5, 6 }));
    }

    [Theory]
    [InlineData(AttentionMechanism.Softmax)]
    [InlineData(AttentionMechanism.Abs)]
    [InlineData(AttentionMechanism.Relu)]
    public void Sqrt_scaling_without_identity_has_a_finite_network_but_no_kernel(AttentionMechanism mechanism)
    {
        var network = Stax.Serial(Stax.GlobalSelfAttention(4, 4, 4, 1, linearScaling: false, attentionMechanism: mechanism), Stax.GlobalAvgPool());
        var x = SpatialMonteCarlo.Images(5, 2, 4, 3);
        var parameters = network.Init<double>(new PrngKey(1), new[] { -1, 4, 3 });
        Assert.Equal(new[] { 2, 4 }, network.Apply(parameters, x).Shape);
        var error = Assert.Throws<NotSupportedException>(() => network.KernelFn(x, null, KernelOutputs.Both, fixture.Options));
        Assert.Contains("linearScaling", error.Message);
        Assert.Contains("attentionMechanism", error.Message);
        Assert.Contains(mechanism.ToString(), error.Message);
    }

    [Fact]
    public void Parameters_for_another_input_shape_or_layer_are_rejected()
    {
        var layer = Stax.GlobalSelfAttention(4, 4, 4, 1, bStd: 0.1, posEmbType: PositionalEmbedding.Concat, nChanPosEmb: 2);
        var parameters = layer.Init<double>(new PrngKey(2), new[] { -1, 4, 3 });
        var longer = SpatialMonteCarlo.Images(6, 2, 5, 3);
        var error = Assert.Throws<ArgumentException>(() => layer.Apply(parameters, longer));
        Assert.Equal("parameters", error.ParamName);
        Assert.Contains("P of shape (5, 2)", error.Message);
        var other = Stax.Dense(4).Init<double>(new PrngKey(3), new[] { -1, 4, 3 });
        Assert.Throws<ArgumentException>(() => layer.Apply(other, SpatialMonteCarlo.Images(7, 2, 4, 3)));
    }

    [Fact]
    public void A_decay_without_a_positive_definite_covariance_fails_in_the_finite_network_naming_the_function()
    {
        // R(i, j) = 2 off the diagonal and 1 on it is not positive definite: no embeddings have that covariance.
        var layer = Stax.GlobalSelfAttention(4, 4, 4, 1, posEmbType: PositionalEmbedding.Sum, posEmbDecayFn: d => d == 0 ? 1 : 2);
        var parameters = layer.Init<double>(new PrngKey(4), new[] { -1, 3, 2 });
        var error = Assert.Throws<ArgumentException>(() => layer.Apply(parameters, SpatialMonteCarlo.Images(8, 1, 3, 2)));
        Assert.Equal("posEmbDecayFn", error.ParamName);
        Assert.Contains("not positive definite", error.Message);

        var nan = Stax.Serial(Stax.GlobalSelfAttention(4, 4, 4, 1, posEmbType: PositionalEmbedding.Sum, posEmbDecayFn: d => d > 1 ? double.NaN : 1), Stax.GlobalAvgPool());
        var kernelError = Assert.Throws<ArgumentException>(() => nan.KernelFn(SpatialMonteCarlo.Images(9, 2, 3, 2), null, KernelOutputs.Both, fixture.Options));
        Assert.Equal("posEmbDecayFn", kernelError.ParamName);
        Assert.Contains("NaN", kernelError.Message);
    }

    [Fact]
    public void Attention_makes_the_network_build_the_full_covariance()
    {
        var network = Stax.Serial(Stax.Conv(8, new[] { 3 }, null, Padding.Same), Stax.GlobalSelfAttention(8, 8, 8, 1), Stax.Flatten(), Stax.Dense(1));
        var info = KernelPlanInfo.For<double>(network, new[] { -1, 6, 2 }, 4, options: fixture.Options);
        Assert.Equal("full", info.CovarianceForm);
    }

    [Fact]
    public void Kernel_is_symmetric_and_float32_agrees_with_float64()
    {
        var network = Stax.Serial(
            Stax.Dense(8, 1.0, 0.1),
            Stax.GlobalSelfAttention(8, 8, 8, 2, bStd: 0.2, posEmbType: PositionalEmbedding.Concat, posEmbDecayFn: d => Math.Exp(-d), valPosEmb: true),
            Stax.Relu(), Stax.GlobalAvgPool(), Stax.Dense(1));
        var x = SpatialMonteCarlo.Images(10, 4, 2, 3, 2);
        var k64 = network.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        var k32 = network.KernelFn(x.Cast<float>(), null, KernelOutputs.Both, fixture.Options);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(k64.Nngp![i, j], k64.Nngp[j, i], 12);
                Assert.Equal(k64.Ntk![i, j], k64.Ntk[j, i], 12);
                Assert.True(Math.Abs(k32.Ntk![i, j] - k64.Ntk[i, j]) <= 1e-5 * Math.Abs(k64.Ntk[0, 0]), $"ntk[{i},{j}]");
            }
    }

    [Fact]
    public void Masked_inputs_are_refused_rather_than_given_a_kernel_that_attends_to_masked_keys()
    {
        var network = Stax.Serial(Stax.GlobalSelfAttention(4, 4, 4, 1), Stax.GlobalAvgPool());
        var x = SpatialMonteCarlo.Images(11, 2, 4, 3);
        for (int c = 0; c < 3; c++) x.Data[c] = 100; // item 0, position 0: every channel equals the mask constant
        var error = Assert.Throws<NotSupportedException>(() => network.KernelFn(x, null, KernelOutputs.Both, fixture.Options with { MaskConstant = 100 }));
        Assert.Contains("GlobalSelfAttention", error.Message);
        Assert.Contains("masked", error.Message);
    }
}
