using NeuralTangents;
using NeuralTangents.Tests.Layers.Spatial;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Layers.Masking;

/// <summary>
/// Variable-length 1-D sequences padded with a mask constant: the kernel against Monte Carlo averages of the finite
/// networks applying the same masks, padding that is invisible (a padded sequence gives what the short one gives),
/// and layers that reject masks.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class MaskingTests(CpuEngineFixture fixture)
{
    private const int Samples = 160;
    private const double Pad = 100;

    /// <summary>Sequences of lengths 6, 4 and 3 with 2 channels, padded to 6 with <see cref="Pad"/>.</summary>
    private static Tensor<double> Padded(ulong seed, params int[] lengths)
    {
        var x = SpatialMonteCarlo.Images(seed, lengths.Length, 6, 2);
        for (int i = 0; i < lengths.Length; i++)
            for (int p = lengths[i]; p < 6; p++)
                for (int c = 0; c < 2; c++) x[i, p, c] = Pad;
        return x;
    }

    private static Tensor<double> Prefix(Tensor<double> x, int item, int length) =>
        Tensor<double>.FromFunction(new[] { 1, length, 2 }, e => x[item, e / 2, e % 2]);

    private static ILayer PooledNetwork() => Stax.Serial(
        Stax.Conv(12, new[] { 3 }, null, Padding.Same, 1.3, 0.2), Stax.Relu(),
        Stax.Conv(6, new[] { 3 }, null, Padding.Same, 1.1, 0.1), Stax.GlobalAvgPool(), Stax.Dense(3, 1.0, 0.1));

    [Fact]
    public void Padded_sequences_match_monte_carlo_with_the_same_masks()
    {
        var x = Padded(101, 6, 4, 3);
        var network = PooledNetwork();
        var exact = network.KernelFn(x, null, KernelOutputs.Both, fixture.Options with { MaskConstant = Pad });
        var mc = NeuralTangents.MonteCarlo.KernelFn(network, new PrngKey(103), Samples).Compute(x, maskConstant: Pad);
        SpatialMonteCarlo.AssertMatches(exact, mc, 3, 3);
    }

    [Fact]
    public void Strided_windows_flatten_and_branches_match_monte_carlo()
    {
        var x1 = Padded(107, 6, 5, 2);
        var x2 = Padded(108, 3, 6);
        var network = Stax.Serial(
            Stax.Dense(12, 1.2, 0.3), Stax.Erf(), Stax.FanOut(2),
            Stax.Parallel(Stax.Serial(Stax.AvgPool(new[] { 2 }, new[] { 2 }, Padding.Same), Stax.Dense(12, 1.1, 0.2)),
                Stax.Conv(12, new[] { 3 }, new[] { 2 }, Padding.Same, 1.1, 0.2)),
            Stax.FanInSum(), Stax.Flatten(), Stax.Dense(3, 1.0, 0.1));
        var exact = network.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options with { MaskConstant = Pad });
        var mc = NeuralTangents.MonteCarlo.KernelFn(network, new PrngKey(109), Samples).Compute(x1, x2, maskConstant: Pad);
        SpatialMonteCarlo.AssertMatches(exact, mc, 3, 2);
    }

    [Fact]
    public void Padding_is_invisible_to_a_masked_global_average()
    {
        var x = Padded(113, 6, 4, 3);
        var network = PooledNetwork();
        var parameters = network.Init<double>(new PrngKey(5), new[] { -1, 6, 2 });
        var padded = network.Apply(parameters, x, maskConstant: Pad);
        var kernel = network.KernelFn(x, null, KernelOutputs.Both, fixture.Options with { MaskConstant = Pad });
        int[] lengths = { 6, 4, 3 };
        for (int i = 0; i < 3; i++)
        {
            var alone = Prefix(x, i, lengths[i]);
            var short_ = network.Apply(network.Init<double>(new PrngKey(5), new[] { -1, lengths[i], 2 }), alone);
            for (int k = 0; k < 3; k++) Assert.Equal(short_[0, k], padded[i, k], 10);
            var own = network.KernelFn(alone, null, KernelOutputs.Both, fixture.Options);
            Assert.Equal(own.Nngp![0, 0], kernel.Nngp![i, i], 10);
            Assert.Equal(own.Ntk![0, 0], kernel.Ntk![i, i], 10);
        }
    }

    [Fact]
    public void Nan_marks_absent_entries_like_any_constant()
    {
        var x = Padded(127, 6, 4, 3);
        var withNan = Tensor<double>.FromFunction(x.Shape, e => x.Data[e] == Pad ? double.NaN : x.Data[e]);
        var network = PooledNetwork();
        var byValue = network.KernelFn(x, null, KernelOutputs.Nngp, fixture.Options with { MaskConstant = Pad });
        var byNan = network.KernelFn(withNan, null, KernelOutputs.Nngp, fixture.Options with { MaskConstant = double.NaN });
        Assert.Equal(byValue.Nngp!.Data, byNan.Nngp!.Data);
    }

    [Fact]
    public void Layers_without_mask_rules_and_flat_inputs_reject_masks()
    {
        var x = Padded(131, 6, 4);
        var options = fixture.Options with { MaskConstant = Pad };
        var product = Stax.Serial(Stax.Dense(4), Stax.FanOut(2), Stax.FanInProd(), Stax.Flatten(), Stax.Dense(1));
        Assert.Contains("FanInProd", Assert.Throws<NotSupportedException>(() => product.KernelFn(x, null, KernelOutputs.Nngp, options)).Message);
        var norm = Stax.Serial(Stax.Dense(4), Stax.LayerNorm(new[] { 1, -1 }), Stax.Flatten(), Stax.Dense(1));
        Assert.Throws<NotSupportedException>(() => norm.KernelFn(x, null, KernelOutputs.Nngp, options));
        var dense = Stax.Serial(Stax.Dense(4), Stax.Relu(), Stax.Dense(1));
        var flat = Tensor<double>.FromFunction(new[] { 2, 3 }, e => e);
        Assert.Contains("spatial axes", Assert.Throws<NotSupportedException>(() => dense.KernelFn(flat, null, KernelOutputs.Nngp, options)).Message);
        Assert.Throws<NotSupportedException>(() => NeuralTangents.MonteCarlo.KernelFn(dense, new PrngKey(1), 2).Compute(flat, maskConstant: Pad));
    }
}
