using System.Numerics;
using NeuralTangents;
using NeuralTangents.Engine;
using NeuralTangents.Layers;
using NeuralTangents.Rules;
using NeuralTangents.Tests.Engine.Plan;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Engine.DevicePlan;

/// <summary>
/// The pair-major plan's device kernels (the GPU path, run here on ILGPU's CPU accelerator) against the host plan's
/// vector loops, on every spatial network the plan serves: float64 to 1e-12 and float32 to 1e-5 relative to the largest
/// entry, for x1 against x2 and x1 against itself, nngp, ntk and both variances. Each test first checks that the device
/// plan is the path taken, so the two sides are different code. With <c>NEURALTANGENTS_ACCELERATOR=cuda</c> the device
/// side runs on the GPU and the host side on a CPU engine.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class DevicePlanEquivalenceTests(CpuEngineFixture fixture)
{
    private KernelOptions Device => fixture.Options with { DevicePlan = true };

    [Theory]
    [MemberData(nameof(PairPlanNetworks.Names), MemberType = typeof(PairPlanNetworks))]
    public void Float64_device_plan_equals_the_host_plan(string name) => AssertEquivalent<double>(name, 1e-12, Device);

    [Theory]
    [MemberData(nameof(PairPlanNetworks.Names), MemberType = typeof(PairPlanNetworks))]
    public void Float32_device_plan_equals_the_host_plan(string name) => AssertEquivalent<float>(name, 1e-5, Device);

    /// <summary>
    /// A budget of a few pairs per batch: many tiles, tiles on the diagonal of a self-kernel holding both halves, a last
    /// tile narrower than the others, variance runs in several batches; the result must not depend on the tiling.
    /// </summary>
    [Theory]
    [InlineData("cnn-flatten")]
    [InlineData("residual-cnn")]
    public void Small_batches_give_the_same_kernel(string name)
    {
        var (network, shape) = PairPlanNetworks.All[name];
        var plan = KernelComputation.FastSpatialPlan<double>((LayerBase)network, new[] { -1 }.Concat(shape).ToArray(),
            SpatialDemand.For((LayerBase)network, new[] { -1 }.Concat(shape).ToArray()), fixture.Engine, Device, 7, out _)!;
        long pair = NeuralTangents.Engine.DevicePlan.DevicePlanRunner.BytesPerPair(plan);
        var x1 = Images<double>(7, shape, 31);
        var x2 = Images<double>(6, shape, 32);
        // Room for 5 pairs once the inputs and variance tables of both inputs are on the device.
        long resident = (x1.Data.Length + x2.Data.Length + plan.Duals.Sum(d => (long)d.Positions) * 13) * sizeof(double);
        var small = Device with { MemoryBudgetBytes = resident + pair * 5 };
        var reports = new List<KernelProgress>();
        var progress = new SynchronousProgress<KernelProgress>(reports.Add);
        KernelAssert.Close(network.KernelFn(x1, x2, KernelOutputs.Both, small with { Progress = progress }), network.KernelFn(x1, x2, KernelOutputs.Both, Device), 1e-13,
            $"{name}, x1 vs x2 in small batches");
        KernelAssert.Close(network.KernelFn(x1, null, KernelOutputs.Both, small), network.KernelFn(x1, null, KernelOutputs.Both, Device), 1e-13, $"{name}, x1 vs itself in small batches");
        // Tiles of 2 × 2 pairs (5 fit a batch): 4 × 3 tiles, one report each, the last with every entry.
        Assert.Equal(12, reports.Count);
        Assert.Equal(7L * 6, reports[^1].EntriesDone);
    }

    /// <summary>Two test items against nine training items with room for 12 pairs: tiles of 2 × 6, not squares of 3 × 3 holding 6.</summary>
    [Fact]
    public void Few_rows_against_many_columns_fill_a_batch()
    {
        var (network, shape) = PairPlanNetworks.All["cnn-flatten"];
        var plan = KernelComputation.FastSpatialPlan<double>((LayerBase)network, new[] { -1 }.Concat(shape).ToArray(),
            SpatialDemand.For((LayerBase)network, new[] { -1 }.Concat(shape).ToArray()), fixture.Engine, Device, 9, out _)!;
        long pair = NeuralTangents.Engine.DevicePlan.DevicePlanRunner.BytesPerPair(plan);
        Assert.Equal((2, 6), NeuralTangents.Engine.DevicePlan.DevicePlanRunner.TileShape(12, 2, 9, x1IsX2: false));
        Assert.Equal((6, 2), NeuralTangents.Engine.DevicePlan.DevicePlanRunner.TileShape(12, 9, 2, x1IsX2: false));
        Assert.Equal((3, 3), NeuralTangents.Engine.DevicePlan.DevicePlanRunner.TileShape(12, 9, 9, x1IsX2: true));
        var x1 = Images<double>(2, shape, 41);
        var x2 = Images<double>(9, shape, 42);
        // Room for 12 pairs once the inputs and variance tables are on the device.
        long resident = (x1.Data.Length + x2.Data.Length + plan.Duals.Sum(d => (long)d.Positions) * 11) * sizeof(double);
        var reports = new List<KernelProgress>();
        var options = Device with { MemoryBudgetBytes = resident + pair * 12, Progress = new SynchronousProgress<KernelProgress>(reports.Add) };
        KernelAssert.Close(network.KernelFn(x1, x2, KernelOutputs.Both, options), network.KernelFn(x1, x2, KernelOutputs.Both, fixture.HostOptions), 1e-12, "2 × 9 in tiles of 2 × 6");
        Assert.Equal(2, reports.Count);
        Assert.Equal(18L, reports[^1].EntriesDone);
    }

    [Fact]
    public void Inputs_and_variance_tables_beyond_the_budget_are_refused_with_the_sizes()
    {
        var (network, shape) = PairPlanNetworks.All["cnn-global-avg-pool"];
        var plan = KernelComputation.FastSpatialPlan<double>((LayerBase)network, new[] { -1 }.Concat(shape).ToArray(),
            SpatialDemand.For((LayerBase)network, new[] { -1 }.Concat(shape).ToArray()), fixture.Engine, Device, 40, out _)!;
        // One pair fits (the plan is chosen), the 40 items' inputs and tables beside it do not.
        var options = Device with { MemoryBudgetBytes = NeuralTangents.Engine.DevicePlan.DevicePlanRunner.BytesPerPair(plan) + 100 };
        var refused = Assert.Throws<InsufficientMemoryException>(() => network.KernelFn(Images<double>(40, shape, 7), null, KernelOutputs.Both, options));
        Assert.Contains("variance tables", refused.Message);
        Assert.Contains("MemoryBudgetBytes", refused.Message);
    }

    [Fact]
    public void Nngp_alone_and_ntk_alone_equal_both()
    {
        var (network, shape) = PairPlanNetworks.All["residual-cnn"];
        var x1 = Images<double>(3, shape, 5);
        var x2 = Images<double>(4, shape, 6);
        var both = network.KernelFn(x1, x2, KernelOutputs.Both, Device);
        Assert.Equal(both.Ntk!.Data, network.KernelFn(x1, x2, KernelOutputs.Ntk, Device).Ntk!.Data);
        Assert.Equal(both.Nngp!.Data, network.KernelFn(x1, x2, KernelOutputs.Nngp, Device).Nngp!.Data);
    }

    [Fact]
    public void Cancellation_stops_the_device_plan_between_tiles()
    {
        var (network, shape) = PairPlanNetworks.All["cnn-flatten"];
        var plan = KernelComputation.FastSpatialPlan<double>((LayerBase)network, new[] { -1 }.Concat(shape).ToArray(),
            SpatialDemand.For((LayerBase)network, new[] { -1 }.Concat(shape).ToArray()), fixture.Engine, Device, 7, out _)!;
        using var cancellation = new CancellationTokenSource();
        int reports = 0;
        var options = Device with
        {
            MemoryBudgetBytes = (16L * shape.Aggregate(1, (a, b) => a * b) + plan.Duals.Sum(d => (long)d.Positions) * 16) * sizeof(double)
                + NeuralTangents.Engine.DevicePlan.DevicePlanRunner.BytesPerPair(plan) * 4,
            CancellationToken = cancellation.Token,
            // Cancelled at the first finished tile: the next one must not start.
            Progress = new SynchronousProgress<KernelProgress>(_ =>
            {
                reports++;
                cancellation.Cancel();
            }),
        };
        Assert.ThrowsAny<OperationCanceledException>(() => network.KernelFn(Images<double>(8, shape, 3), Images<double>(8, shape, 4), KernelOutputs.Both, options));
        Assert.Equal(1, reports);
    }

    [Fact]
    public void Plan_info_names_the_device_plan()
    {
        var (network, shape) = PairPlanNetworks.All["cnn-global-avg-pool"];
        string path = KernelComputation.PathFor<float>((LayerBase)network, new[] { -1 }.Concat(shape).ToArray(), 4, Device, fixture.Engine);
        Assert.StartsWith("pair-major device plan on ", path);
        Assert.Contains("GlobalAvgPool", path);
    }

    private void AssertEquivalent<T>(string name, double tolerance, KernelOptions device) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (network, shape) = PairPlanNetworks.All[name];
        var inputShape = new[] { -1 }.Concat(shape).ToArray();
        string path = KernelComputation.PathFor<T>((LayerBase)network, inputShape, 5, device, fixture.Engine);
        Assert.True(path.StartsWith("pair-major device plan", StringComparison.Ordinal), $"{name} should run the device plan: {path}");
        var host = fixture.HostOptions;
        string hostPath = KernelComputation.PathFor<T>((LayerBase)network, inputShape, 5, host, host.Engine!);
        Assert.True(hostPath.StartsWith("pair-major host plan", StringComparison.Ordinal), $"{name} should run the host plan without the option: {hostPath}");

        var x1 = Images<T>(3, shape, 11);
        var x2 = Images<T>(5, shape, 12);
        KernelAssert.Close(network.KernelFn(x1, x2, KernelOutputs.Both, device), network.KernelFn(x1, x2, KernelOutputs.Both, host), tolerance, $"{name}, x1 vs x2");
        KernelAssert.Close(network.KernelFn(x2, null, KernelOutputs.Both, device), network.KernelFn(x2, null, KernelOutputs.Both, host), tolerance, $"{name}, x2 vs itself");
    }

    private static Tensor<T> Images<T>(int items, int[] shape, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var full = new[] { items }.Concat(shape).ToArray();
        var values = new double[full.Aggregate(1, (a, b) => a * b)];
        new PrngKey(seed).FillNormal(values);
        return Tensor<T>.FromFunction(full, i => T.CreateTruncating(values[i]));
    }
}
