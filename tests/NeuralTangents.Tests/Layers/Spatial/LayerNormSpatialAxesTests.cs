using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Layers.Spatial;

/// <summary>LayerNorm over spatial axes and channels against Monte Carlo, the channel-only special case, jets and bad axes.</summary>
[Collection(EngineCollection.Name)]
public sealed class LayerNormSpatialAxesTests(CpuEngineFixture fixture)
{
    [Fact]
    public void Layer_norm_over_the_whole_image_matches_monte_carlo_in_the_diagonal_form()
    {
        var network = Stax.Serial(Stax.Conv(64, new[] { 2, 2 }, null, Padding.Same, 1.3, 0.4), Stax.LayerNorm(new[] { 1, 2, -1 }),
            Stax.Flatten(), Stax.Dense(3, 1.2, 0.1));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(52, 3, 4, 4, 2), fixture, 160, 81);
    }

    [Fact]
    public void Layer_norm_over_height_only_matches_monte_carlo_in_the_full_form()
    {
        var network = Stax.Serial(Stax.Conv(64, new[] { 2, 2 }, null, Padding.Circular, 1.1, 0.2), Stax.LayerNorm(new[] { 1, -1 }, 1e-3),
            Stax.GlobalAvgPool(), Stax.Dense(3));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(53, 3, 3, 4, 2), fixture, 160, 83);
    }

    [Fact]
    public void Layer_norm_over_a_sequence_matches_monte_carlo()
    {
        var network = Stax.Serial(Stax.Conv(64, new[] { 3 }, null, Padding.Same, 1.2, 0.3), Stax.LayerNorm(new[] { -2, -1 }),
            Stax.Conv(4, new[] { 2 }, null, Padding.Valid, 1.1, 0.1), Stax.Flatten(), Stax.Dense(2));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(54, 3, 5, 2), fixture, 160, 89);
    }

    [Fact]
    public void Channel_axis_alone_gives_the_channel_layer_norm_kernel()
    {
        var x = SpatialMonteCarlo.Images(55, 3, 4, 4, 2);
        Kernel<double> Of(ILayer norm) =>
            Stax.Serial(Stax.Conv(8, new[] { 2, 2 }, null, Padding.Same, 1.3, 0.4), norm, Stax.Flatten(), Stax.Dense(3)).KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        var axes = Of(Stax.LayerNorm(new[] { -1 }));
        var channels = Of(Stax.LayerNorm());
        Assert.Equal(channels.Nngp!.Data, axes.Nngp!.Data);
        Assert.Equal(channels.Ntk!.Data, axes.Ntk!.Data);
    }

    [Fact]
    public void Apply_normalizes_each_height_row_over_width_and_channels()
    {
        var layer = Stax.LayerNorm(new[] { 2, 3 }, 0);
        var x = SpatialMonteCarlo.Images(56, 2, 3, 4, 5);
        var y = layer.Apply(layer.Init<double>(new PrngKey(1), new[] { -1, 3, 4, 5 }), x);
        for (int n = 0; n < 2; n++)
            for (int h = 0; h < 3; h++)
            {
                var group = Enumerable.Range(0, 20).Select(k => y.Data[((n * 3 + h) * 4 * 5) + k]).ToArray();
                Assert.Equal(0, group.Average(), 12);
                Assert.Equal(1, group.Select(v => v * v).Average(), 12);
            }
    }

    [Fact]
    public void Layer_norm_over_spatial_axes_jet_matches_central_differences_of_apply()
    {
        var layer = Stax.LayerNorm(new[] { 1, -1 }, 1e-3);
        var x = SpatialMonteCarlo.Images(57, 2, 3, 2, 4);
        var v = SpatialMonteCarlo.Images(58, 2, 3, 2, 4);
        var parameters = layer.Init<double>(new PrngKey(1), new[] { -1, 3, 2, 4 });
        JetCheck.MatchesCentralDifferences(layer, parameters, null, x, v, 5, 4);
    }

    [Theory]
    [InlineData(new[] { 1, 2 }, "channel axis")]
    [InlineData(new[] { 0, -1 }, "batch axis")]
    [InlineData(new[] { 4, -1 }, "out of range")]
    [InlineData(new[] { 1, -3, -1 }, "named twice")]
    public void Bad_axes_are_rejected_with_the_shape(int[] axes, string expected)
    {
        var layer = Stax.LayerNorm(axes);
        var error = Assert.Throws<NetworkDefinitionException>(() => layer.OutputShape(new[] { -1, 4, 4, 3 }));
        Assert.Contains(expected, error.Message);
        Assert.Contains("axis", error.Message);
    }

    [Fact]
    public void Empty_axes_are_rejected_at_construction()
    {
        var error = Assert.Throws<NetworkDefinitionException>(() => Stax.LayerNorm(Array.Empty<int>()));
        Assert.Contains("channel axis", error.Message);
        Assert.Throws<ArgumentNullException>(() => Stax.LayerNorm((int[])null!));
    }
}
