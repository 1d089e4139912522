using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Derivatives;

/// <summary>
/// What a long derivative computation owes its caller beyond the numbers: the memory it needs checked before anything is
/// allocated (with the sizes named), progress reports ending with every entry, and cancellation.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class KernelDerivativeResourceTests(CpuEngineFixture fixture)
{
    private static readonly ILayer Network = Stax.Serial(Stax.Dense(64, 1.5, 0.1), Stax.Relu(), Stax.Dense(64, 1.3, 0.2), Stax.Erf(), Stax.Dense(1, 1.0, 0.1));

    [Fact]
    public void Derivatives_larger_than_the_result_limit_are_refused_before_allocating()
    {
        var x = TestInputs.Normal<double>(40, 12, 1);
        int all = Hyperparameter.Of(Network).Count;
        Assert.True(all >= 6, $"the network has {all} hyperparameters");
        // 2 outputs × (1 + all derivatives) × 40 × 40 doubles (≥ 179 200 bytes) and the variances: over a 100 000-byte limit.
        var options = fixture.Options with { MaxResultBytes = 100_000 };
        var refused = Assert.Throws<InsufficientMemoryException>(() => KernelDerivatives.Compute(Network, x, options: options));
        Assert.Contains($"{2 * (1 + all)} arrays of 40×40 entries", refused.Message);
        Assert.Contains("one per hyperparameter", refused.Message);
        Assert.Contains("MaxResultBytes", refused.Message);
        // The same with one output and two hyperparameters fits: 1 × 3 × 1 600 × 8 = 38 400 bytes.
        var two = Hyperparameter.Of(Network).Take(2).ToArray();
        var fits = KernelDerivatives.Compute(Network, x, hyperparameters: two, get: KernelOutputs.Nngp, options: options);
        Assert.Equal(2, fits.Hyperparameters.Count);
    }

    [Fact]
    public void Input_derivatives_count_one_array_per_feature()
    {
        var x = TestInputs.Normal<double>(30, 12, 2);
        // 2 outputs × (1 + 12 features) × 30 × 20 doubles = 124 800 bytes, over a 100 000-byte limit.
        var options = fixture.Options with { MaxResultBytes = 100_000 };
        var refused = Assert.Throws<InsufficientMemoryException>(() => KernelDerivatives.ByInputs(Network, x, TestInputs.Normal<double>(20, 12, 3), options: options));
        Assert.Contains("26 arrays of 30×20 entries", refused.Message);
        Assert.Contains("one per feature of an x1 item", refused.Message);
    }

    /// <summary>
    /// A CNN's variance tables hold every item's variance at every position of every nonlinearity's input, and their
    /// tangents one set per hyperparameter: for a few x1 items against many x2 items they outweigh the result arrays.
    /// </summary>
    [Fact]
    public void Variance_tables_and_their_tangents_count_towards_the_limit()
    {
        var cnn = Stax.Serial(Stax.Conv(4, new[] { 3, 3 }, null, Padding.Same, 1.3, 0.2), Stax.Relu(),
            Stax.Conv(4, new[] { 3, 3 }, null, Padding.Same, 1.2, 0.1), Stax.Relu(), Stax.Flatten(), Stax.Dense(1, 1.0, 0.1));
        var x1 = TestInputs.Normal<double>(2, 8 * 8, 7).Reshape(2, 8, 8, 1);
        var x2 = TestInputs.Normal<double>(30, 8 * 8, 8).Reshape(30, 8, 8, 1);
        int all = Hyperparameter.Of(cnn).Count;
        // Results: 2 × (1 + 6) arrays of 2 × 30 doubles (6 720 bytes). Tables: 2 nonlinearities × 64 positions × 32 items,
        // and 6 tangent sets of them for x2's 30 items alone (over 180 000 bytes).
        Assert.Equal(6, all);
        var options = fixture.Options with { MaxResultBytes = 100_000 };
        var refused = Assert.Throws<InsufficientMemoryException>(() => KernelDerivatives.Compute(cnn, x1, x2, options: options));
        Assert.Contains("variance tables", refused.Message);
        // By x1, x2's items carry no tangents: their tables are the primal ones and one set of zeros shared by the 64 features
        // (2 × 128 × 30 × 8 = 61 440 bytes, not 64 sets), beside 64 features' results (2 × 65 × 60 × 8 = 62 400 bytes) and
        // x1's tables (128 × 65 × 2 × 8 = 133 120 bytes): about 257 000 bytes in all.
        var byInputs = KernelDerivatives.ByInputs(cnn, x1, x2, options: fixture.Options with { MaxResultBytes = 300_000 });
        Assert.Equal(new[] { 2, 30, 8, 8, 1 }, byInputs.Nngp!.Shape);
    }

    /// <summary>
    /// A CNN with global pooling carries a full positions² state per derivative in every worker: by x1 that is one per
    /// input feature. For one 28×28×3 image against another, 2 352 features' states of 784² values (nngp and ntk, and a
    /// filter's output beside each) are tens of gigabytes, while the result is a few kilobytes: the check refuses before
    /// anything is allocated.
    /// </summary>
    [Fact]
    public void The_workers_states_must_fit_in_memory()
    {
        var cnn = Stax.Serial(Stax.Conv(4, new[] { 3, 3 }, null, Padding.Same, 1.3, 0.1), Stax.Relu(), Stax.GlobalAvgPool(), Stax.Dense(1, 1.0, 0.1));
        var x1 = Tensor<double>.FromFunction(new[] { 1, 28, 28, 3 }, i => Math.Sin(0.3 * i));
        var x2 = Tensor<double>.FromFunction(new[] { 1, 28, 28, 3 }, i => Math.Cos(0.2 * i));
        var refused = Assert.Throws<InsufficientMemoryException>(() => KernelDerivatives.ByInputs(cnn, x1, x2, options: fixture.Options));
        Assert.Contains("working state", refused.Message);
        Assert.Contains("2352 of them", refused.Message);
    }

    [Fact]
    public void Progress_reports_end_with_every_entry()
    {
        var x1 = TestInputs.Normal<double>(37, 12, 4);
        var x2 = TestInputs.Normal<double>(23, 12, 5);
        var reports = new List<KernelProgress>();
        var options = fixture.Options with { Progress = new SynchronousProgress<KernelProgress>(reports.Add) };
        KernelDerivatives.Compute(Network, x1, x2, options: options);
        Assert.NotEmpty(reports);
        Assert.Equal(37L * 23, reports[^1].EntriesDone);
        Assert.Equal(reports[^1].TilesTotal, reports[^1].TilesDone);
        // x1 against itself: the mirrored entries count too.
        reports.Clear();
        KernelDerivatives.Compute(Network, x1, options: options);
        Assert.Equal(37L * 37, reports[^1].EntriesDone);
    }

    [Fact]
    public void A_cancelled_token_stops_the_computation()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var options = fixture.Options with { CancellationToken = cancellation.Token };
        Assert.ThrowsAny<OperationCanceledException>(() => KernelDerivatives.Compute(Network, TestInputs.Normal<double>(50, 12, 6), options: options));
    }
}
