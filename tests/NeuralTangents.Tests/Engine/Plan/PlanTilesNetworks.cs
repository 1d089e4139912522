using NeuralTangents;

namespace NeuralTangents.Tests.Engine.Plan;

/// <summary>The networks without spatial axes the pair-major plan serves, shared by its host and device equivalence tests.</summary>
public static class PlanTilesNetworks
{
    /// <summary>Name → network (inputs of 20 features).</summary>
    public static readonly IReadOnlyDictionary<string, ILayer> All = new Dictionary<string, ILayer>
    {
        ["relu-fcn"] = Stax.Serial(Stax.Dense(512, 1.5, 0.05), Stax.Relu(), Stax.Dense(512, 1.5, 0.05), Stax.Relu(), Stax.Dense(10, 1.5, 0.05)),
        ["mixed-nonlinearities"] = Stax.Serial(Stax.Dense(64, 1.3, 0.1), Stax.Erf(), Stax.Dense(64, 1.2, 0.1), Stax.Gelu(), Stax.Dense(64, 1.1, 0.2),
            Stax.LeakyRelu(0.2), Stax.Dense(64, 1.0, 0.1), Stax.Abs(), Stax.Dense(3, 1.0, 0.0)),
        ["residual-standard"] = Stax.Serial(Stax.Dense(64, 1.3, 0.1, Parameterization.Standard), Stax.FanOut(2),
            Stax.Parallel(Stax.Serial(Stax.Relu(), Stax.Dense(64, 1.4, 0.1, Parameterization.Standard)), Stax.Identity()), Stax.FanInSum(),
            Stax.Relu(), Stax.Dense(2, 1.0, null, Parameterization.Standard)),
        // LayerNorm over channels: a dual that reads both items' variances.
        ["layer-norm"] = Stax.Serial(Stax.Dense(32, 1.2, 0.1), Stax.Relu(), Stax.Dense(32, 1.1, 0.2), Stax.LayerNorm(epsilon: 1e-3), Stax.Dense(2, 1.0, 0.1)),
        // Two affine rules in a row: one pass each on the device.
        ["dense-dense"] = Stax.Serial(Stax.Dense(32, 1.1, 0.2), Stax.Relu(), Stax.Dense(32, 1.2, 0.1), Stax.Dense(32, 0.9, 0.3), Stax.Sin(), Stax.Dense(2, 1.0, 0.1)),
    };

    /// <summary>Every network whole (null) and in tiles of 7 items.</summary>
    public static TheoryData<string, int?> Cases()
    {
        var data = new TheoryData<string, int?>();
        foreach (var name in All.Keys)
        {
            data.Add(name, null);
            data.Add(name, 7);
        }
        return data;
    }
}
