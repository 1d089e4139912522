using NeuralTangents;
using NeuralTangents.Generators.Tests.Models;
using NeuralTangents.Tests.Support;
using Xunit.Abstractions;

namespace NeuralTangents.Generators.Tests.Equivalence;

/// <summary>
/// Cancellation and progress of generated <c>[Network]</c> kernels (issue 15 item 12). On the host the fused chain
/// used to check the token only between bands of 1024 rows (about 1.5 s apart at 6000 items) and not at all inside a
/// tile of x1 against another x2 (one tile by default); the device kernel path (run here on the CPU accelerator) only
/// between tiles as large as the memory budget.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class GeneratedKernelCancellationTests(CpuEngineFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(300);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fused_chain_on_the_host_stops_inside_its_band_or_tile(bool self)
    {
        // 19 branches of costly duals: thousands of items take seconds on two cores.
        int n = fixture.Engine.IsCpu ? 3000 : 24000;
        var x1 = TestInputs(n, 1);
        var x2 = self ? null : TestInputs(n, 2);
        EveryNonlinearity.KernelFn(TestInputs(4, 3), self ? null : TestInputs(4, 4), KernelOutputs.Both, fixture.Options);
        AssertStopsEarly(CancellationProbe.CancelAfter(Delay, (long)n * n, fixture.Options, o => EveryNonlinearity.KernelFn(x1, x2, KernelOutputs.Both, o), orAtFirstReport: true));
    }

    [Fact]
    public void Fused_device_kernel_stops_between_tiles_planned_small_enough()
    {
        // The device path on the CPU accelerator: 16 MiB tiles (about 1.4 million entries) instead of one tile of the budget.
        Engine.FusedTiles<float, Mlp.FusedChain, Mlp.FusedChain.ItemVariances>.ForceDeviceKernel = true;
        try
        {
            int n = fixture.Engine.IsCpu ? 3000 : 24000;
            var x1 = Inputs(n, 12, 1);
            var x2 = Inputs(n, 12, 2);
            Mlp.KernelFn(Inputs(4, 12, 3), Inputs(4, 12, 4), KernelOutputs.Both, fixture.Options);
            AssertStopsEarly(CancellationProbe.CancelAfter(Delay, (long)n * n, fixture.Options, o => Mlp.KernelFn(x1, x2, KernelOutputs.Both, o), orAtFirstReport: true));
        }
        finally
        {
            Engine.FusedTiles<float, Mlp.FusedChain, Mlp.FusedChain.ItemVariances>.ForceDeviceKernel = false;
        }
    }

    [Fact]
    public void Fused_chain_on_the_host_reports_progress_once_per_band_of_rows_of_a_cross_kernel()
    {
        // 2100 rows of x1 against x2: three bands of at most 1024 rows (one tile of the whole kernel before).
        var reports = new List<KernelProgress>();
        var options = fixture.Options with { Progress = new SynchronousProgress<KernelProgress>(p => { lock (reports) reports.Add(p); }) };
        var kernel = Mlp.KernelFn(Inputs(2100, 12, 1), Inputs(300, 12, 2), KernelOutputs.Both, options);
        if (fixture.Engine.IsCpu) Assert.Equal(3, reports.Count);
        else Assert.NotEmpty(reports);
        Assert.Equal(2100L * 300, reports[^1].EntriesDone);
        Assert.Equal(reports[^1].TilesTotal, reports[^1].TilesDone);
        // Banding changes no entry: the last band against a computation of its rows alone.
        var lastRows = Mlp.KernelFn(new Tensor<float>(Inputs(2100, 12, 1).Data[(2048 * 12)..], new[] { 52, 12 }), Inputs(300, 12, 2), KernelOutputs.Both, fixture.Options);
        Assert.Equal(lastRows.Ntk!.Data, kernel.Ntk!.Data[(2048 * 300)..]);
    }

    /// <summary>
    /// Cancelled (after 300 ms, or at the first progress report when that comes first, so that a fast machine cancels the
    /// kernel while it runs too) and before the end: some entries never computed.
    /// </summary>
    private void AssertStopsEarly(CancellationProbe.Outcome outcome)
    {
        output.WriteLine(outcome.ToString());
        Assert.True(outcome.Cancelled, $"the token was cancelled after {Delay.TotalMilliseconds} ms or at the first progress report, but the kernel {outcome}");
        Assert.True(outcome.FractionDone < 1, $"the cancellation took effect only at the end: {outcome}");
    }

    private static Tensor<float> TestInputs(int count, ulong seed) => Inputs(count, 7, seed);

    private static Tensor<float> Inputs(int count, int features, ulong seed)
    {
        var values = new double[count * features];
        new PrngKey(seed).FillNormal(values);
        return Tensor<float>.FromFunction(new[] { count, features }, i => (float)values[i]);
    }
}
