using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Layers.Spatial;

/// <summary>
/// Index, ImageResize and DotGeneral: finite maps on worked examples, kernels against Monte Carlo averages of the
/// same finite networks (one nonlinearity, only linear layers after it, so small widths suffice), full and
/// diagonal forms where both apply, and bad hyperparameters.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class LinearMapTests(CpuEngineFixture fixture)
{
    private const int Samples = 160;

    private static readonly AxisIndex All = AxisIndex.All;

    public static TheoryData<int?, int?, int, int[]> Slices() => new()
    {
        // Expected positions from Python's list(range(6))[start:stop:step].
        { 1, 5, 2, new[] { 1, 3 } },
        { null, null, -1, new[] { 5, 4, 3, 2, 1, 0 } },
        { -2, null, 1, new[] { 4, 5 } },
        { 5, 1, -2, new[] { 5, 3 } },
        { null, -7, -1, new[] { 5, 4, 3, 2, 1, 0 } },
        { -100, 3, 1, new[] { 0, 1, 2 } },
        { 2, 100, 3, new[] { 2, 5 } },
        { 4, null, -3, new[] { 4, 1 } },
    };

    [Theory]
    [MemberData(nameof(Slices))]
    public void Index_slices_like_numpy(int? start, int? stop, int step, int[] expected)
    {
        var x = SpatialMonteCarlo.Images(81, 2, 6, 3);
        var y = Stax.Index(All, AxisIndex.Slice(start, stop, step)).Apply(Parameters<double>.Empty, x);
        Assert.Equal(new[] { 2, expected.Length, 3 }, y.Shape);
        for (int n = 0; n < 2; n++)
            for (int k = 0; k < expected.Length; k++)
                for (int c = 0; c < 3; c++) Assert.Equal(x[n, expected[k], c], y[n, k, c]);
    }

    [Fact]
    public void Index_with_a_position_removes_the_axis()
    {
        var x = SpatialMonteCarlo.Images(82, 2, 4, 5, 3);
        var y = Stax.Index(All, AxisIndex.At(-1), AxisIndex.Slice(1, 4)).Apply(Parameters<double>.Empty, x);
        Assert.Equal(new[] { 2, 3, 3 }, y.Shape);
        Assert.Equal(x[1, 3, 2, 1], y[1, 1, 1]);
    }

    [Fact]
    public void Index_kernels_match_monte_carlo_in_both_forms()
    {
        // A selection keeps the diagonal form (Flatten after it); GlobalAvgPool needs the full form.
        var flattened = Stax.Serial(
            Stax.Conv(12, new[] { 3, 3 }, null, Padding.Same, 1.4, 0.3), Stax.Relu(),
            Stax.Index(All, AxisIndex.Slice(1, 5, 2), AxisIndex.Slice(null, null, -1)),
            Stax.Conv(12, new[] { 2, 2 }, null, Padding.Valid, 1.2, 0.2), Stax.Flatten(), Stax.Dense(3, 1.1, 0.1));
        SpatialMonteCarlo.AssertMatches(flattened, SpatialMonteCarlo.Images(83, 3, 6, 6, 3), fixture, Samples, 131);
        var pooled = Stax.Serial(
            Stax.Conv(12, new[] { 3, 3 }, null, Padding.Same, 1.4, 0.3), Stax.Erf(),
            Stax.Index(All, AxisIndex.At(2), AxisIndex.Slice(-4)), Stax.GlobalAvgPool(), Stax.Dense(3, 1.1, 0.1));
        SpatialMonteCarlo.AssertMatches(pooled, SpatialMonteCarlo.Images(84, 3, 6, 6, 3), fixture, Samples, 137);
    }

    [Fact]
    public void Linear_upsampling_follows_jax_half_pixel_weights()
    {
        // jax.image.resize([a, b], (4,), "linear") = [a, ¾a + ¼b, ¼a + ¾b, b].
        var x = new Tensor<double>(new[] { 2.0, -6.0 }, 1, 2, 1);
        var y = Stax.ImageResize(new[] { -1, 4, -1 }, ResizeMethod.Linear).Apply(Parameters<double>.Empty, x);
        var expected = new[] { 2.0, 0.75 * 2 - 0.25 * 6, 0.25 * 2 - 0.75 * 6, -6.0 };
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], y.Data[i], 12);
    }

    [Fact]
    public void Nearest_resize_repeats_and_subsamples()
    {
        var x = new Tensor<double>(Enumerable.Range(0, 6).Select(v => (double)v).ToArray(), 1, 6, 1);
        var down = Stax.ImageResize(new[] { -1, 3, -1 }, ResizeMethod.Nearest).Apply(Parameters<double>.Empty, x);
        Assert.Equal(new[] { 1.0, 3.0, 5.0 }, down.Data);
        var up = Stax.ImageResize(new[] { -1, 9, -1 }, ResizeMethod.Nearest).Apply(Parameters<double>.Empty, down);
        Assert.Equal(new[] { 1.0, 1.0, 1.0, 3.0, 3.0, 3.0, 5.0, 5.0, 5.0 }, up.Data);
    }

    [Theory]
    [InlineData(ResizeMethod.Linear, true)]
    [InlineData(ResizeMethod.Linear, false)]
    [InlineData(ResizeMethod.Nearest, true)]
    public void Image_resize_kernels_match_monte_carlo(ResizeMethod method, bool antialias)
    {
        // Upsampling one axis and downsampling the other, then Flatten (diagonal after the resize).
        var network = Stax.Serial(
            Stax.Conv(12, new[] { 2, 2 }, null, Padding.Same, 1.3, 0.2), Stax.Relu(),
            Stax.ImageResize(new[] { -1, 7, 3, -1 }, method, antialias),
            Stax.Conv(12, new[] { 2, 2 }, null, Padding.Valid, 1.1, 0.1), Stax.Flatten(), Stax.Dense(3, 1.0, 0.1));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(85, 3, 4, 6, 2), fixture, Samples, 139);
    }

    [Fact]
    public void Nearest_resize_gives_the_same_kernel_in_both_forms()
    {
        var body = new ILayer[]
        {
            Stax.Conv(8, new[] { 3, 3 }, null, Padding.Same, 1.4, 0.3), Stax.Relu(),
            Stax.ImageResize(new[] { -1, 8, 3, -1 }, ResizeMethod.Nearest), Stax.Conv(8, new[] { 2, 2 }, null, Padding.Same, 1.2, 0.2), Stax.Erf(),
        };
        var diagonal = Stax.Serial(body.Append(Stax.Flatten()).Append(Stax.Dense(2)).ToArray());
        var full = Stax.Serial(body.Append(Stax.AvgPool(new[] { 1, 1 })).Append(Stax.Flatten()).Append(Stax.Dense(2)).ToArray());
        var x = SpatialMonteCarlo.Images(86, 3, 4, 5, 2);
        Assert.Equal("diagonal-spatial", KernelPlanInfo.For<double>(diagonal, new[] { -1, 4, 5, 2 }, 3, options: fixture.Options).CovarianceForm);
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
    public void Linear_resize_and_matrices_need_the_full_form()
    {
        var shape = new[] { -1, 4, 4, 2 };
        var resize = Stax.Serial(Stax.Conv(4, new[] { 2, 2 }), Stax.Relu(), Stax.ImageResize(new[] { -1, 6, -1, -1 }, ResizeMethod.Linear), Stax.Flatten(), Stax.Dense(1));
        var dot = Stax.Serial(Stax.Conv(4, new[] { 2, 2 }), Stax.Relu(), Stax.DotGeneral(new double[,] { { 1, 2, 3 } }, 2), Stax.Flatten(), Stax.Dense(1));
        Assert.Equal("full", KernelPlanInfo.For<double>(resize, shape, 3, options: fixture.Options).CovarianceForm);
        Assert.Equal("full", KernelPlanInfo.For<double>(dot, shape, 3, options: fixture.Options).CovarianceForm);
    }

    [Fact]
    public void Dot_general_multiplies_the_axis_by_the_constant()
    {
        var x = SpatialMonteCarlo.Images(87, 2, 3, 4, 2);
        var m = new double[,] { { 1, -2, 0.5 }, { 0, 3, 1 } };
        var y = Stax.DotGeneral(m, 1).Apply(Parameters<double>.Empty, x);
        Assert.Equal(new[] { 2, 2, 4, 2 }, y.Shape);
        for (int n = 0; n < 2; n++)
            for (int o = 0; o < 2; o++)
                for (int w = 0; w < 4; w++)
                    for (int c = 0; c < 2; c++)
                        Assert.Equal(m[o, 0] * x[n, 0, w, c] + m[o, 1] * x[n, 1, w, c] + m[o, 2] * x[n, 2, w, c], y[n, o, w, c], 12);
        var v = Stax.DotGeneral(new[] { 1.0, 0, -1, 2 }, -2).Apply(Parameters<double>.Empty, x);
        Assert.Equal(new[] { 2, 3, 2 }, v.Shape);
        Assert.Equal(x[1, 2, 0, 1] - x[1, 2, 2, 1] + 2 * x[1, 2, 3, 1], v[1, 2, 1], 12);
    }

    [Fact]
    public void Dot_general_kernels_match_monte_carlo()
    {
        var mix = new double[,] { { 1, -0.5, 0.25, 0, 2 }, { 0.5, 0.5, 0.5, 0.5, 0.5 }, { 0, 0, 1, -1, 0 } };
        var network = Stax.Serial(
            Stax.Conv(12, new[] { 2, 2 }, null, Padding.Circular, 1.3, 0.2), Stax.Relu(),
            Stax.DotGeneral(mix, 1), Stax.DotGeneral(new[] { 0.5, -1.0, 1.5, 0.25 }, 2),
            Stax.Conv(12, new[] { 2 }, null, Padding.Valid, 1.2, 0.1), Stax.Flatten(), Stax.Dense(3, 1.0, 0.1));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(88, 3, 5, 4, 2), fixture, Samples, 149);
    }

    [Fact]
    public void Bad_indices_are_rejected()
    {
        var batch = Assert.Throws<NetworkDefinitionException>(() => Stax.Index(AxisIndex.Slice(0, 2)));
        Assert.Contains("NT0007", batch.RuleId);
        Assert.Contains("batch axis", batch.Message);
        var channel = Assert.Throws<NetworkDefinitionException>(() => Stax.Index(All, All, AxisIndex.At(0)).OutputShape(new[] { -1, 4, 3 }));
        Assert.Equal("NT0006", channel.RuleId);
        Assert.Contains("channel axis", channel.Message);
        var range = Assert.Throws<NetworkDefinitionException>(() => Stax.Index(All, AxisIndex.At(4)).OutputShape(new[] { -1, 4, 3 }));
        Assert.Contains("out of range for axis 1 of size 4", range.Message);
        var empty = Assert.Throws<NetworkDefinitionException>(() => Stax.Index(All, AxisIndex.Slice(3, 1)).OutputShape(new[] { -1, 4, 3 }));
        Assert.Contains("selects nothing", empty.Message);
        var many = Assert.Throws<NetworkDefinitionException>(() => Stax.Index(All, All, All, All).OutputShape(new[] { -1, 4, 3 }));
        Assert.Contains("4 index entries", many.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => AxisIndex.Slice(0, 3, 0));
    }

    [Fact]
    public void Bad_resizes_are_rejected()
    {
        var channel = Assert.Throws<NetworkDefinitionException>(() => Stax.ImageResize(new[] { -1, 4, 8 }, ResizeMethod.Linear).OutputShape(new[] { -1, 4, 3 }));
        Assert.Equal("NT0006", channel.RuleId);
        Assert.Contains("channel axis (3 → 8)", channel.Message);
        var batch = Assert.Throws<NetworkDefinitionException>(() => Stax.ImageResize(new[] { 4, 4, -1 }, ResizeMethod.Nearest));
        Assert.Equal("NT0007", batch.RuleId);
        var zero = Assert.Throws<NetworkDefinitionException>(() => Stax.ImageResize(new[] { -1, 0, -1 }, ResizeMethod.Nearest));
        Assert.Equal("NT0004", zero.RuleId);
        var rank = Assert.Throws<NetworkDefinitionException>(() => Stax.ImageResize(new[] { -1, 4, -1 }, ResizeMethod.Nearest).OutputShape(new[] { -1, 4, 4, 3 }));
        Assert.Contains("one entry per axis", rank.Message);
        Assert.Throws<ArgumentNullException>(() => Stax.ImageResize(null!, ResizeMethod.Linear));
    }

    [Fact]
    public void Bad_dot_generals_are_rejected()
    {
        var batch = Assert.Throws<NetworkDefinitionException>(() => Stax.DotGeneral(new double[,] { { 1, 2 } }, 0));
        Assert.Equal("NT0007", batch.RuleId);
        Assert.Contains("full batch × batch covariance", batch.Message);
        var channel = Assert.Throws<NetworkDefinitionException>(() => Stax.DotGeneral(new[] { 1.0, 2.0 }, -1).OutputShape(new[] { -1, 4, 2 }));
        Assert.Equal("NT0006", channel.RuleId);
        var size = Assert.Throws<NetworkDefinitionException>(() => Stax.DotGeneral(new[] { 1.0, 2.0 }, 1).OutputShape(new[] { -1, 4, 2 }));
        Assert.Contains("contracts 2 entries but axis 1 of the input has 4", size.Message);
        var nan = Assert.Throws<ArgumentException>(() => Stax.DotGeneral(new[] { 1.0, double.NaN }, 1));
        Assert.Equal("weights", nan.ParamName);
        var empty = Assert.Throws<NetworkDefinitionException>(() => Stax.DotGeneral(new double[0, 3], 1));
        Assert.Equal("NT0004", empty.RuleId);
    }
}
