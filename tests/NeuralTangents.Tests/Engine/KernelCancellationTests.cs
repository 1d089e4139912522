using NeuralTangents;
using NeuralTangents.Tests.Support;
using Xunit.Abstractions;

namespace NeuralTangents.Tests.Engine;

/// <summary>
/// Cancellation inside long tiles on the runtime paths (issue 15 item 12): a kernel that takes several seconds, with a
/// token cancelled a fraction of a second after the start, throws <see cref="OperationCanceledException"/> well before
/// its end, whatever its tiles. Before, a kernel that fit one tile (the default for thousands of items) ignored the token.
/// Each test first checks that the network takes the path it is about; the generated fused path is tested beside the
/// generated models (NeuralTangents.Generators.Tests), the spatial pair-major plan in PairPlanProgressTests.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class KernelCancellationTests(CpuEngineFixture fixture, ITestOutputHelper output)
{
    /// <summary>A short delay: the kernels below take seconds, so the token is cancelled early in their first tile.</summary>
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// A pointwise network the pair-major plan covers (every layer has a pair-major rule), deep enough in costly duals
    /// (Erf, Gelu) that thousands of items take seconds even on a quiet machine (with half the depth and 3 000 items the
    /// plan finished more than half of a self-kernel within the 300 ms before the cancellation).
    /// </summary>
    private static ILayer PlanNetwork() => Stax.Serial(
        Stax.Dense(64, 1.3, 0.1), Stax.Erf(), Stax.Dense(64, 1.3, 0.1), Stax.Gelu(), Stax.Dense(64, 1.3, 0.1), Stax.Erf(),
        Stax.Dense(64, 1.3, 0.1), Stax.Gelu(), Stax.Dense(64, 1.3, 0.1), Stax.Erf(), Stax.Dense(64, 1.3, 0.1), Stax.Gelu(),
        Stax.Dense(64, 1.3, 0.1), Stax.Erf(), Stax.Dense(64, 1.3, 0.1), Stax.Gelu(), Stax.Dense(1));

    /// <summary>FanInConcat has no pair-major rule: the whole network takes the interpreted layers.</summary>
    private static ILayer InterpretedNetwork() => Stax.Serial(
        Stax.Dense(64, 1.3, 0.1), Stax.FanOut(2), Stax.Parallel(Stax.Erf(), Stax.Gelu()), Stax.FanInConcat(), Stax.Dense(64, 1.3, 0.1), Stax.Gelu(),
        Stax.Dense(64, 1.3, 0.1), Stax.Erf(), Stax.Dense(1));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Pair_major_plan_without_spatial_axes_stops_inside_its_tile(bool self)
    {
        var network = PlanNetwork();
        // On a GPU engine (benchmarks/gpu-check.sh) the same network takes the device tiles of the interpreted layers.
        Assert.StartsWith(fixture.Engine.IsCpu ? "pair-major host plan" : "interpreted layers", Path(network, new[] { -1, 32 }));
        AssertStopsEarly(network, Items(4000), self);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Interpreted_layers_stop_between_layers_and_small_tiles(bool self)
    {
        var network = InterpretedNetwork();
        Assert.StartsWith("interpreted layers", Path(network, new[] { -1, 32 }));
        AssertStopsEarly(network, Items(2500), self);
    }

    [Fact]
    public void Interpreted_spatial_layers_stop_before_the_end()
    {
        // Outputs that keep their spatial axes take the interpreted layers (one tile by default before: 1.4 million pairs × 16 positions).
        var network = Stax.Serial(Stax.Conv(8, new[] { 3, 3 }, padding: Padding.Same), Stax.Erf(), Stax.Conv(8, new[] { 3, 3 }, padding: Padding.Same),
            Stax.Gelu(), Stax.Conv(1, new[] { 3, 3 }, padding: Padding.Same));
        var options = fixture.Options with { DiagonalSpatial = true };
        Assert.StartsWith("interpreted layers", KernelPlanInfo.For<float>(network, new[] { -1, 4, 4, 2 }, 8, 8, options: options).Path);
        int n = Items(1000);
        var x1 = Images(n, 1);
        var x2 = Images(n, 2);
        network.KernelFn(Images(4, 3), Images(4, 4), KernelOutputs.Both, options);
        var outcome = CancellationProbe.CancelAfter(Delay, (long)n * n, options, o => network.KernelFn(x1, x2, KernelOutputs.Both, o), orAtFirstReport: true);
        Report(outcome);
    }

    [Fact]
    public void Interpreted_layers_report_progress_more_than_once_on_a_large_kernel()
    {
        // More entries than one tile holds: 16 MiB on the CPU accelerator, 1 GiB on a GPU, at 12 bytes per float entry with the ntk.
        int n = fixture.Engine.IsCpu ? 1300 : 10000;
        var network = InterpretedNetwork();
        var reports = new List<KernelProgress>();
        var options = fixture.Options with { Progress = new SynchronousProgress<KernelProgress>(p => { lock (reports) reports.Add(p); }) };
        network.KernelFn(TestInputs.Normal<float>(n, 32, 1), TestInputs.Normal<float>(n, 32, 2), KernelOutputs.Both, options);
        Assert.True(reports.Count > 1, $"expected several reports, got {reports.Count}");
        Assert.Equal((long)n * n, reports.Max(p => p.EntriesDone));
    }

    /// <summary>Items for a kernel of several seconds on the fixture's engine (a GPU is about a hundred times faster).</summary>
    private int Items(int onCpu) => fixture.Engine.IsCpu ? onCpu : onCpu * 8;

    private string Path(ILayer network, int[] inputShape) => KernelPlanInfo.For<float>(network, inputShape, 8, 8, options: fixture.Options).Path;

    private void AssertStopsEarly(ILayer network, int n, bool self)
    {
        var x1 = TestInputs.Normal<float>(n, 32, 1);
        var x2 = self ? null : TestInputs.Normal<float>(n, 32, 2);
        // Warm up first (JIT, device kernels compiled on first use), so that the latency reported is the path's own.
        network.KernelFn(TestInputs.Normal<float>(4, 32, 3), self ? null : TestInputs.Normal<float>(4, 32, 4), KernelOutputs.Both, fixture.Options);
        Report(CancellationProbe.CancelAfter(Delay, (long)n * n, fixture.Options, o => network.KernelFn(x1, x2, KernelOutputs.Both, o), orAtFirstReport: true));
    }

    /// <summary>
    /// Cancelled (after 300 ms, or at the first progress report when that comes first, so that a fast machine cancels
    /// the kernel while it runs too) and before the end: some entries never computed.
    /// </summary>
    private void Report(CancellationProbe.Outcome outcome)
    {
        output.WriteLine(outcome.ToString());
        Assert.True(outcome.Cancelled, $"the token was cancelled after {Delay.TotalMilliseconds} ms or at the first progress report, but the kernel {outcome}");
        Assert.True(outcome.FractionDone < 1, $"the cancellation took effect only at the end: {outcome}");
    }

    private static Tensor<float> Images(int count, ulong seed)
    {
        var values = TestInputs.Normal<float>(count, 4 * 4 * 2, seed);
        return new Tensor<float>(values.Data, new[] { count, 4, 4, 2 });
    }
}
