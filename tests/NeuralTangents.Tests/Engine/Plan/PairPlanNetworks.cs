using NeuralTangents;

namespace NeuralTangents.Tests.Engine.Plan;

/// <summary>The spatial networks the pair-major plan serves, each with the input shape (one item) it is tested on.</summary>
public static class PairPlanNetworks
{
    private static ILayer ConvRelu(int channels, int size, Padding padding = Padding.Same, int stride = 1) =>
        Stax.Serial(Stax.Conv(channels, new[] { size, size }, new[] { stride, stride }, padding, 1.5, 0.05), Stax.Relu());

    /// <summary>Name → (network, spatial axes and channels of one input).</summary>
    public static readonly IReadOnlyDictionary<string, (ILayer Network, int[] Shape)> All = new Dictionary<string, (ILayer, int[])>
    {
        ["cnn-flatten"] = (Stax.Serial(ConvRelu(8, 3), ConvRelu(8, 3), ConvRelu(8, 3), Stax.Flatten(), Stax.Dense(10, 1.5, 0.05)), new[] { 6, 5, 1 }),
        ["cnn-global-avg-pool"] = (Stax.Serial(ConvRelu(8, 3), ConvRelu(8, 3), ConvRelu(8, 3), Stax.GlobalAvgPool(), Stax.Dense(10, 1.5, 0.05)), new[] { 5, 6, 1 }),
        ["residual-cnn"] = (Stax.Serial(
            Stax.Conv(8, new[] { 3, 3 }, null, Padding.Same, 1.3, 0.1),
            Stax.FanOut(2),
            Stax.Parallel(Stax.Serial(Stax.Relu(), Stax.Conv(8, new[] { 3, 3 }, null, Padding.Same, 1.4, 0.1), Stax.Relu(),
                Stax.Conv(8, new[] { 3, 3 }, null, Padding.Same, 1.2, 0.0)), Stax.Identity()),
            Stax.FanInSum(), Stax.Relu(), Stax.GlobalAvgPool(), Stax.Dense(3, 1.0, 0.1)), new[] { 5, 5, 2 }),
        ["strided-valid-circular"] = (Stax.Serial(ConvRelu(8, 3, Padding.Valid, 2), ConvRelu(8, 2, Padding.Circular), ConvRelu(8, 3, Padding.Same, 2),
            Stax.Flatten(), Stax.Dense(4, 1.1, 0.2)), new[] { 9, 8, 3 }),
        ["strided-valid-circular-pooled"] = (Stax.Serial(ConvRelu(8, 3, Padding.Valid, 2), ConvRelu(8, 2, Padding.Circular), ConvRelu(8, 3, Padding.Same, 2),
            Stax.GlobalAvgPool(), Stax.Dense(4, 1.1, 0.2)), new[] { 9, 8, 3 }),
        ["avg-pool-then-flatten"] = (Stax.Serial(ConvRelu(8, 3), Stax.AvgPool(new[] { 2, 2 }, new[] { 2, 2 }, Padding.Same), ConvRelu(8, 3),
            Stax.Flatten(), Stax.Dense(3, 1.0, 0.1)), new[] { 6, 5, 2 }),
        ["sum-pools"] = (Stax.Serial(Stax.Conv(8, new[] { 2, 2 }, null, Padding.Circular, 1.3, 0.2), Stax.Relu(),
            Stax.SumPool(new[] { 2, 2 }, new[] { 2, 2 }, Padding.Valid), Stax.GlobalSumPool(), Stax.Dense(3, 0.7, 0.1)), new[] { 5, 5, 2 }),
        ["other-nonlinearities"] = (Stax.Serial(Stax.Conv(8, new[] { 3, 3 }, null, Padding.Same, 1.3, 0.2), Stax.Erf(),
            Stax.Conv(8, new[] { 3, 3 }, null, Padding.Same, 1.2, 0.1), Stax.Gelu(), Stax.Conv(8, new[] { 3, 3 }, null, Padding.Same, 1.2, 0.1),
            Stax.LeakyRelu(0.1), Stax.Dense(6, 1.1, 0.1), Stax.Abs(), Stax.Flatten(), Stax.Dense(2, 1.0, 0.0)), new[] { 5, 4, 2 }),
        ["conv-1d-standard"] = (Stax.Serial(
            Stax.Conv(8, new[] { 3 }, null, Padding.Same, 1.3, 0.2, Parameterization.Standard), Stax.Relu(),
            Stax.Conv(8, new[] { 2 }, new[] { 2 }, Padding.Valid, 1.2, 0.1, Parameterization.Standard), Stax.Relu(),
            Stax.GlobalAvgPool(), Stax.Dense(2, 1.0, 0.1, Parameterization.Standard)), new[] { 9, 3 }),
        ["conv-3d"] = (Stax.Serial(Stax.Conv(4, new[] { 2, 2, 2 }, null, Padding.Same, 1.3, 0.2), Stax.Relu(),
            Stax.Conv(4, new[] { 2, 2, 2 }, null, Padding.Valid, 1.2, 0.1), Stax.Relu(), Stax.Flatten(), Stax.Dense(2, 1.0, 0.1)), new[] { 3, 4, 3, 2 }),
        ["conv-transpose"] = (Stax.Serial(Stax.ConvTranspose(8, new[] { 3, 3 }, new[] { 2, 2 }, Padding.Same, 1.3, 0.2), Stax.Relu(),
            Stax.Conv(8, new[] { 3, 3 }, null, Padding.Same, 1.2, 0.1), Stax.Relu(), Stax.GlobalAvgPool(), Stax.Dense(2, 1.0, 0.1)), new[] { 3, 4, 2 }),
        ["layer-norm-channels"] = (Stax.Serial(Stax.Conv(8, new[] { 3, 3 }, null, Padding.Same, 1.3, 0.2), Stax.LayerNorm(new[] { -1 }, epsilon: 1e-3), Stax.Relu(),
            Stax.Conv(8, new[] { 3, 3 }, null, Padding.Same, 1.2, 0.1), Stax.Relu(), Stax.GlobalAvgPool(), Stax.Dense(2, 1.0, 0.1)), new[] { 4, 5, 2 }),
        ["no-bias"] = (Stax.Serial(Stax.Conv(8, new[] { 3, 3 }, null, Padding.Same, 1.3, null), Stax.Relu(),
            Stax.Conv(8, new[] { 3, 3 }, null, Padding.Same, 1.2, null), Stax.Relu(), Stax.Flatten(), Stax.Dense(2, 1.0, null)), new[] { 4, 4, 1 }),
    };

    /// <summary>The names, as theory data.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All.Keys) data.Add(name);
        return data;
    }
}
