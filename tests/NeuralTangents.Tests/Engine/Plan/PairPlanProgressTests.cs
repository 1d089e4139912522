using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Engine.Plan;

/// <summary>Progress and cancellation of the pair-major plan: reported as blocks finish, and a cancellation stops the computation between blocks.</summary>
[Collection(EngineCollection.Name)]
public sealed class PairPlanProgressTests(CpuEngineFixture fixture)
{
    private static readonly ILayer Network = PairPlanNetworks.All["cnn-flatten"].Network;

    [Fact]
    public void Progress_is_reported_as_blocks_finish_and_ends_with_every_entry()
    {
        var (x1, x2) = (Images(40, 1), Images(30, 2));
        var reports = new List<KernelProgress>();
        var options = fixture.Options with { Progress = new SynchronousProgress<KernelProgress>(p => { lock (reports) reports.Add(p); }) };
        Network.KernelFn(x1, x2, KernelOutputs.Both, options);
        Assert.True(reports.Count > 1, $"expected several reports, got {reports.Count}");
        var last = reports.MaxBy(p => p.TilesDone);
        Assert.Equal(last.TilesTotal, last.TilesDone);
        Assert.Equal(40L * 30, last.EntriesDone);
    }

    [Fact]
    public void A_cancellation_during_the_computation_stops_it_before_the_last_block()
    {
        var (x1, x2) = (Images(40, 1), Images(30, 2));
        using var cancellation = new CancellationTokenSource();
        int lastReported = 0, total = 0;
        var options = fixture.Options with
        {
            CancellationToken = cancellation.Token,
            Progress = new SynchronousProgress<KernelProgress>(p =>
            {
                lastReported = Math.Max(lastReported, p.TilesDone);
                total = p.TilesTotal;
                cancellation.Cancel();
            }),
        };
        Assert.ThrowsAny<OperationCanceledException>(() => Network.KernelFn(x1, x2, KernelOutputs.Both, options));
        Assert.True(lastReported < total, $"the computation ran to its last block ({lastReported} of {total}) despite the cancellation");
    }

    private static Tensor<float> Images(int count, ulong seed)
    {
        var values = new double[count * 6 * 5];
        new PrngKey(seed).FillNormal(values);
        return Tensor<float>.FromFunction(new[] { count, 6, 5, 1 }, i => (float)values[i]);
    }
}
