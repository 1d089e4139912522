using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Engine.Plan;

/// <summary>
/// Networks without spatial axes on the pair-major plan (the runtime path of pointwise networks) against the
/// interpreted layers: float64 to 1e-12 and float32 to 1e-5 relative to the largest entry, x1 against x2 and x1
/// against itself (host bands and their mirror), whole and in small tiles, nngp or ntk alone.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class PlanTilesEquivalenceTests(CpuEngineFixture fixture)
{
    private static IReadOnlyDictionary<string, ILayer> Networks => PlanTilesNetworks.All;

    [Theory]
    [MemberData(nameof(PlanTilesNetworks.Cases), MemberType = typeof(PlanTilesNetworks))]
    public void Float64_plan_equals_the_interpreted_layers(string name, int? tile) => AssertEquivalent<double>(name, tile, 1e-12);

    [Theory]
    [MemberData(nameof(PlanTilesNetworks.Cases), MemberType = typeof(PlanTilesNetworks))]
    public void Float32_plan_equals_the_interpreted_layers(string name, int? tile) => AssertEquivalent<float>(name, tile, 1e-5);

    [Fact]
    public void The_plan_info_names_the_plan_for_a_pointwise_network()
    {
        var info = KernelPlanInfo.For<float>(Networks["relu-fcn"], new[] { 1, 20 }, 10);
        Assert.StartsWith("pair-major host plan: Dense", info.Path);
    }

    private void AssertEquivalent<T>(string name, int? tile, double tolerance) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var network = Networks[name];
        Assert.StartsWith("pair-major host plan", KernelPlanInfo.For<T>(network, new[] { 1, 20 }, 19).Path);
        var x1 = TestInputs.Normal<T>(19, 20, 3);
        var x2 = TestInputs.Normal<T>(23, 20, 4);
        var fast = fixture.Options with { TileSize = tile };
        var interpreted = fast with { InterpretedLayers = true };
        foreach (var (a, b, what) in new[] { (x1, x2, "x1 vs x2"), (x1, (Tensor<T>?)null, "x1 vs itself") })
        {
            var expected = network.KernelFn(a, b, KernelOutputs.Both, interpreted);
            var actual = network.KernelFn(a, b, KernelOutputs.Both, fast);
            KernelAssert.Close(actual, expected, tolerance, $"{name} ({what}, tile {tile})");
            KernelAssert.Close(network.KernelFn(a, b, KernelOutputs.Ntk, fast).Ntk!.Data, expected.Ntk!.Data, tolerance, $"ntk alone of {name} ({what})");
            KernelAssert.Close(network.KernelFn(a, b, KernelOutputs.Nngp, fast).Nngp!.Data, expected.Nngp!.Data, tolerance, $"nngp alone of {name} ({what})");
        }
    }
}
