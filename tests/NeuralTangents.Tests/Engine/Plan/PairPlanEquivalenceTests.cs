using System.Numerics;
using NeuralTangents;
using NeuralTangents.Engine;
using NeuralTangents.Layers;
using NeuralTangents.Rules;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Engine.Plan;

/// <summary>
/// The pair-major host plan against the interpreted layers it replaces, on every spatial network it serves: float64
/// to 1e-12 and float32 to 1e-5 relative to the largest entry, for x1 against x2 and x1 against itself, nngp, ntk and
/// both variances. Each test first checks that the plan really runs (so the two sides are different code).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class PairPlanEquivalenceTests(CpuEngineFixture fixture)
{
    [Theory]
    [MemberData(nameof(PairPlanNetworks.Names), MemberType = typeof(PairPlanNetworks))]
    public void Float64_plan_equals_the_interpreted_layers(string name) => AssertEquivalent<double>(name, 1e-12);

    [Theory]
    [MemberData(nameof(PairPlanNetworks.Names), MemberType = typeof(PairPlanNetworks))]
    public void Float32_plan_equals_the_interpreted_layers(string name) => AssertEquivalent<float>(name, 1e-5);

    /// <summary>
    /// Float32 against float64 on the same inputs, every entry: the diagonal of a self-kernel sits at ρ = 1, where a
    /// rounding difference between an entry and its variances grows to its square root; the plan keeps them equal.
    /// </summary>
    [Theory]
    [MemberData(nameof(PairPlanNetworks.Names), MemberType = typeof(PairPlanNetworks))]
    public void Float32_plan_agrees_with_float64_including_the_self_kernel_diagonal(string name)
    {
        var (network, shape) = PairPlanNetworks.All[name];
        var x = Images<double>(4, shape, 21);
        var exact = network.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        var single = network.KernelFn(x.Cast<float>(), null, KernelOutputs.Both, fixture.Options);
        KernelAssert.Close(single.Nngp!.Data, exact.Nngp!.Data, 1e-5, $"float32 nngp of {name}");
        KernelAssert.Close(single.Ntk!.Data, exact.Ntk!.Data, 1e-5, $"float32 ntk of {name}");
        KernelAssert.Close(single.Cov1!.Data, exact.Cov1!.Data, 1e-5, $"float32 cov1 of {name}");
    }

    [Fact]
    public void Ntk_alone_and_nngp_alone_equal_both()
    {
        var (network, shape) = PairPlanNetworks.All["residual-cnn"];
        var x1 = Images<double>(3, shape, 5);
        var x2 = Images<double>(4, shape, 6);
        var both = network.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options);
        var ntk = network.KernelFn(x1, x2, KernelOutputs.Ntk, fixture.Options);
        var nngp = network.KernelFn(x1, x2, KernelOutputs.Nngp, fixture.Options);
        Assert.Equal(both.Ntk!.Data, ntk.Ntk!.Data);
        Assert.Equal(both.Nngp!.Data, nngp.Nngp!.Data);
        Assert.Null(ntk.Nngp);
        Assert.Null(nngp.Ntk);
    }

    private void AssertEquivalent<T>(string name, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (network, shape) = PairPlanNetworks.All[name];
        var inputShape = new[] { -1 }.Concat(shape).ToArray();
        var layer = (LayerBase)network;
        var demand = SpatialDemand.For(layer, inputShape);
        var plan = KernelComputation.FastSpatialPlan<T>(layer, inputShape, demand, fixture.Engine, fixture.Options, 5, out var reason);
        Assert.True(plan is not null, $"{name} should run the pair-major plan: {reason}");

        var x1 = Images<T>(3, shape, 11);
        var x2 = Images<T>(5, shape, 12);
        var interpreted = fixture.Options with { InterpretedLayers = true };
        KernelAssert.Close(network.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options), network.KernelFn(x1, x2, KernelOutputs.Both, interpreted), tolerance, $"{name}, x1 vs x2");
        KernelAssert.Close(network.KernelFn(x2, null, KernelOutputs.Both, fixture.Options), network.KernelFn(x2, null, KernelOutputs.Both, interpreted), tolerance, $"{name}, x2 vs itself");
    }

    private static Tensor<T> Images<T>(int items, int[] shape, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var full = new[] { items }.Concat(shape).ToArray();
        var values = new double[full.Aggregate(1, (a, b) => a * b)];
        new PrngKey(seed).FillNormal(values);
        return Tensor<T>.FromFunction(full, i => T.CreateTruncating(values[i]));
    }
}
