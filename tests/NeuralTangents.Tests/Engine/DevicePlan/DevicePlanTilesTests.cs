using System.Numerics;
using NeuralTangents;
using NeuralTangents.Engine;
using NeuralTangents.Layers;
using NeuralTangents.Tests.Engine.Plan;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Engine.DevicePlan;

/// <summary>
/// Networks without spatial axes on the pair-major plan's device kernels (the GPU path of Stax FCNs; here on ILGPU's
/// CPU accelerator) against the host plan: float64 to 1e-12 and float32 to 1e-5 relative to the largest entry, x1
/// against x2 and x1 against itself, in one tile and in tiles of 7 items (mirrored tiles, narrow last tiles), nngp or
/// ntk alone.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class DevicePlanTilesTests(CpuEngineFixture fixture)
{
    private static readonly IReadOnlyDictionary<string, ILayer> Networks = new Dictionary<string, ILayer>
    {
        ["relu-fcn"] = Stax.Serial(Stax.Dense(512, 1.5, 0.05), Stax.Relu(), Stax.Dense(512, 1.5, 0.05), Stax.Relu(), Stax.Dense(10, 1.5, 0.05)),
        ["mixed-nonlinearities"] = Stax.Serial(Stax.Dense(64, 1.3, 0.1), Stax.Erf(), Stax.Dense(64, 1.2, 0.1), Stax.Gelu(), Stax.Dense(64, 1.1, 0.2),
            Stax.LeakyRelu(0.2), Stax.Dense(64, 1.0, 0.1), Stax.Abs(), Stax.Dense(3, 1.0, 0.0)),
        ["residual-standard"] = Stax.Serial(Stax.Dense(64, 1.3, 0.1, Parameterization.Standard), Stax.FanOut(2),
            Stax.Parallel(Stax.Serial(Stax.Relu(), Stax.Dense(64, 1.4, 0.1, Parameterization.Standard)), Stax.Identity()), Stax.FanInSum(),
            Stax.Relu(), Stax.Dense(2, 1.0, null, Parameterization.Standard)),
        // LayerNorm over channels: a dual that reads both items' variances.
        ["layer-norm"] = Stax.Serial(Stax.Dense(32, 1.2, 0.1), Stax.Relu(), Stax.Dense(32, 1.1, 0.2), Stax.LayerNorm(epsilon: 1e-3), Stax.Dense(2, 1.0, 0.1)),
        // Two affine rules in a row: one pass each.
        ["dense-dense"] = Stax.Serial(Stax.Dense(32, 1.1, 0.2), Stax.Relu(), Stax.Dense(32, 1.2, 0.1), Stax.Dense(32, 0.9, 0.3), Stax.Sin(), Stax.Dense(2, 1.0, 0.1)),
    };

    public static TheoryData<string, int?> Cases()
    {
        var data = new TheoryData<string, int?>();
        foreach (var name in Networks.Keys)
        {
            data.Add(name, null);
            data.Add(name, 7);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float64_device_plan_equals_the_host_plan(string name, int? tile) => AssertEquivalent<double>(name, tile, 1e-12);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float32_device_plan_equals_the_host_plan(string name, int? tile) => AssertEquivalent<float>(name, tile, 1e-5);

    [Fact]
    public void Nngp_alone_and_ntk_alone_equal_both()
    {
        var network = Networks["residual-standard"];
        var device = fixture.Options with { DevicePlan = true, TileSize = 5 };
        var x1 = TestInputs.Normal<double>(11, 20, 5);
        var x2 = TestInputs.Normal<double>(9, 20, 6);
        var both = network.KernelFn(x1, x2, KernelOutputs.Both, device);
        Assert.Equal(both.Ntk!.Data, network.KernelFn(x1, x2, KernelOutputs.Ntk, device).Ntk!.Data);
        Assert.Equal(both.Nngp!.Data, network.KernelFn(x1, x2, KernelOutputs.Nngp, device).Nngp!.Data);
    }

    private void AssertEquivalent<T>(string name, int? tile, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var network = Networks[name];
        var device = fixture.Options with { DevicePlan = true, TileSize = tile };
        var host = fixture.HostOptions with { TileSize = tile };
        string path = KernelComputation.PathFor<T>((LayerBase)network, new[] { -1, 20 }, 19, device, fixture.Engine);
        Assert.True(path.StartsWith("pair-major device plan", StringComparison.Ordinal), path);
        var x1 = TestInputs.Normal<T>(19, 20, 3);
        var x2 = TestInputs.Normal<T>(23, 20, 4);
        KernelAssert.Close(network.KernelFn(x1, x2, KernelOutputs.Both, device), network.KernelFn(x1, x2, KernelOutputs.Both, host), tolerance, $"{name}, x1 vs x2");
        KernelAssert.Close(network.KernelFn(x1, null, KernelOutputs.Both, device), network.KernelFn(x1, null, KernelOutputs.Both, host), tolerance, $"{name}, x1 vs itself");
    }
}
