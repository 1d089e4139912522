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
    private static IReadOnlyDictionary<string, ILayer> Networks => PlanTilesNetworks.All;

    [Theory]
    [MemberData(nameof(PlanTilesNetworks.Cases), MemberType = typeof(PlanTilesNetworks))]
    public void Float64_device_plan_equals_the_host_plan(string name, int? tile) => AssertEquivalent<double>(name, tile, 1e-12);

    [Theory]
    [MemberData(nameof(PlanTilesNetworks.Cases), MemberType = typeof(PlanTilesNetworks))]
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
