using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Engine.Plan;

/// <summary>
/// The fused Conv + affine + arc-cosine pass (float32; blocks of 16 or more column items in the diagonal form, 16 or more
/// positions in the full form) against the same plan with
/// its rules run one at a time: the same arithmetic in the same order, so every entry is equal to the bit. The inputs
/// have enough items that blocks are wide enough for the fused pass, with widths that are not multiples of 16 (the
/// overlapped last vector), x1 against itself (the self lane inside a vector) and against x2.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class FusedPassTests(CpuEngineFixture fixture)
{
    public static TheoryData<string> Networks => new()
    {
        "cnn-flatten", "cnn-global-avg-pool", "strided-same", "leaky-abs-strided", "standard-parameterization", "no-bias",
    };

    private static ILayer Network(string name) => name switch
    {
        "cnn-flatten" => Stax.Serial(ConvRelu(Stax.Relu()), ConvRelu(Stax.Relu()), Stax.Flatten(), Stax.Dense(10, 1.5, 0.05)),
        // The full form (pixel pairs), 30 positions: one vector and a padded rest per row.
        "cnn-global-avg-pool" => Stax.Serial(ConvRelu(Stax.Relu()), ConvRelu(Stax.Relu()), Stax.GlobalAvgPool(), Stax.Dense(3, 1.2, 0.1)),
        // A strided SAME window: output positions at the edges read fewer inputs.
        "strided-same" => Stax.Serial(ConvRelu(Stax.Relu()), Stax.Conv(6, new[] { 3, 3 }, new[] { 2, 2 }, Padding.Same, 1.4, 0.1), Stax.Relu(),
            Stax.Flatten(), Stax.Dense(3, 1.2, 0.1)),
        "leaky-abs-strided" => Stax.Serial(ConvRelu(Stax.LeakyRelu(0.2)), Stax.Conv(6, new[] { 2, 3 }, new[] { 2, 1 }, Padding.Valid, 1.3, 0.2), Stax.Abs(),
            Stax.Conv(6, new[] { 3, 3 }, null, Padding.Circular, 1.1, 0.3), Stax.ABRelu(-0.5, 1.5), Stax.Flatten(), Stax.Dense(4, 1.0, 0.1)),
        "standard-parameterization" => Stax.Serial(Stax.Conv(6, new[] { 3, 3 }, null, Padding.Same, 1.5, 0.05, Parameterization.Standard), Stax.Relu(),
            Stax.Conv(6, new[] { 3, 3 }, null, Padding.Same, 1.5, 0.05), Stax.Relu(), Stax.Flatten(), Stax.Dense(3)),
        "no-bias" => Stax.Serial(Stax.Conv(6, new[] { 3, 3 }, null, Padding.Same, 1.3, null), Stax.Relu(), ConvRelu(Stax.Relu()), Stax.Flatten(), Stax.Dense(3)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown network"),
    };

    private static ILayer ConvRelu(ILayer activation) =>
        Stax.Serial(Stax.Conv(6, new[] { 3, 3 }, null, Padding.Same, 1.5, 0.05), activation);

    [Theory]
    [MemberData(nameof(Networks))]
    public void Fused_pass_equals_the_separate_rules_to_the_bit(string name)
    {
        var network = Network(name);
        var x1 = Images(21, 7);
        var x2 = Images(37, 8);
        var separate = fixture.Options with { SeparatePlanRules = true };
        AssertEqual(network.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options), network.KernelFn(x1, x2, KernelOutputs.Both, separate), $"{name}, x1 vs x2");
        AssertEqual(network.KernelFn(x2, null, KernelOutputs.Both, fixture.Options), network.KernelFn(x2, null, KernelOutputs.Both, separate), $"{name}, x2 vs itself");
        var nngpOnly = network.KernelFn(x1, x2, KernelOutputs.Nngp, fixture.Options);
        Assert.Equal(network.KernelFn(x1, x2, KernelOutputs.Nngp, separate).Nngp!.Data, nngpOnly.Nngp!.Data);
    }

    /// <summary>And the fused pass against the interpreted layers, to float32 rounding (the separate rules are checked against them elsewhere).</summary>
    [Fact]
    public void Fused_pass_agrees_with_the_interpreted_layers()
    {
        var network = Network("cnn-flatten");
        var x = Images(33, 9);
        var interpreted = fixture.Options with { InterpretedLayers = true };
        KernelAssert.Close(network.KernelFn(x, null, KernelOutputs.Both, fixture.Options), network.KernelFn(x, null, KernelOutputs.Both, interpreted), 1e-5, "cnn-flatten");
    }

    private static void AssertEqual(Kernel<float> fused, Kernel<float> separate, string what)
    {
        Assert.True(fused.Nngp!.Data.AsSpan().SequenceEqual(separate.Nngp!.Data), $"nngp of {what} differs");
        Assert.True(fused.Ntk!.Data.AsSpan().SequenceEqual(separate.Ntk!.Data), $"ntk of {what} differs");
        Assert.True(fused.Cov1!.Data.AsSpan().SequenceEqual(separate.Cov1!.Data), $"cov1 of {what} differs");
    }

    private static Tensor<float> Images(int items, ulong seed)
    {
        var values = new double[items * 6 * 5 * 2];
        new PrngKey(seed).FillNormal(values);
        return Tensor<float>.FromFunction(new[] { items, 6, 5, 2 }, i => (float)values[i]);
    }
}
