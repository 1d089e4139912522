using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Engine;

[Collection(EngineCollection.Name)]
public sealed class KernelEngineTests(CpuEngineFixture fixture)
{
    private static ILayer ReluFcn() =>
        Stax.Serial(Stax.Dense(64, 1.4, 0.1), Stax.Relu(), Stax.Dense(64, 1.4, 0.1), Stax.Erf(), Stax.Dense(3, 1.4, 0.1));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void Tiled_cross_kernel_equals_single_tile(int tile)
    {
        var x1 = TestInputs.Normal<double>(10, 6, 1);
        var x2 = TestInputs.Normal<double>(7, 6, 2);
        var whole = ReluFcn().KernelFn(x1, x2, KernelOutputs.Both, fixture.Options);
        var tiled = ReluFcn().KernelFn(x1, x2, KernelOutputs.Both, fixture.Options with { TileSize = tile });

        AssertClose(whole.Nngp!, tiled.Nngp!, 1e-13);
        AssertClose(whole.Ntk!, tiled.Ntk!, 1e-13);
        AssertClose(whole.Cov1, tiled.Cov1, 1e-13);
        AssertClose(whole.Cov2!, tiled.Cov2!, 1e-13);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Symmetric_tiles_are_mirrored_exactly_and_match_the_cross_computation(int tile)
    {
        var x = TestInputs.Normal<double>(11, 6, 3);
        var shifted = x.Clone();
        shifted.Data[0] += 1; // a different x2 forces the general, non-mirrored path
        var self = ReluFcn().KernelFn(x, null, KernelOutputs.Both, fixture.Options with { TileSize = tile });
        var cross = ReluFcn().KernelFn(x, shifted, KernelOutputs.Both, fixture.Options with { TileSize = tile });

        Assert.True(self.X1IsX2);
        Assert.Null(self.Cov2);
        for (int i = 0; i < 11; i++)
        {
            for (int j = 0; j < 11; j++)
            {
                Assert.Equal(self.Nngp![i, j], self.Nngp[j, i]);
                Assert.Equal(self.Ntk![i, j], self.Ntk[j, i]);
                if (i > 0 && j > 0) Assert.Equal(self.Nngp[i, j], cross.Nngp![i, j], 1e-12);
            }
            Assert.Equal(self.Nngp![i, i], self.Cov1[i], 1e-12);
        }
    }

    [Fact]
    public void Float32_agrees_with_float64_to_single_precision()
    {
        var x1 = TestInputs.Normal<double>(9, 20, 4);
        var x2 = TestInputs.Normal<double>(5, 20, 5);
        var exact = ReluFcn().KernelFn(x1, x2, KernelOutputs.Both, fixture.Options);
        var single = ReluFcn().KernelFn(x1.Cast<float>(), x2.Cast<float>(), KernelOutputs.Both, fixture.Options);

        AssertClose(exact.Nngp!, single.Nngp!.Cast<double>(), 2e-6);
        AssertClose(exact.Ntk!, single.Ntk!.Cast<double>(), 2e-6);
    }

    [Fact]
    public void Get_selects_the_returned_kernels()
    {
        var x = TestInputs.Normal<double>(4, 3, 6);
        var nngpOnly = ReluFcn().KernelFn(x, null, KernelOutputs.Nngp, fixture.Options);
        var ntkOnly = ReluFcn().KernelFn(x, null, KernelOutputs.Ntk, fixture.Options);
        var both = ReluFcn().KernelFn(x, null, KernelOutputs.Both, fixture.Options);

        Assert.NotNull(nngpOnly.Nngp);
        Assert.Null(nngpOnly.Ntk);
        Assert.Null(ntkOnly.Nngp);
        Assert.Equal(both.Ntk!.Data, ntkOnly.Ntk!.Data);
        Assert.Equal(both.Nngp!.Data, nngpOnly.Nngp.Data);
        Assert.Throws<ArgumentOutOfRangeException>("get", () => ReluFcn().KernelFn(x, null, (KernelOutputs)0, fixture.Options));
    }

    [Fact]
    public void Progress_reports_every_tile_and_ends_complete()
    {
        var x = TestInputs.Normal<double>(10, 3, 7);
        var reports = new List<KernelProgress>();
        var options = fixture.Options with { TileSize = 3, Progress = new SynchronousProgress<KernelProgress>(reports.Add) };
        ReluFcn().KernelFn(x, TestInputs.Normal<double>(8, 3, 8), KernelOutputs.Both, options);

        Assert.Equal(4 * 3, reports.Count);
        Assert.Equal(Enumerable.Range(1, 12), reports.Select(r => r.TilesDone));
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal(80, reports[^1].EntriesDone);
    }

    [Fact]
    public void Symmetric_progress_counts_mirrored_entries()
    {
        var reports = new List<KernelProgress>();
        var options = fixture.Options with { TileSize = 4, Progress = new SynchronousProgress<KernelProgress>(reports.Add) };
        var x = TestInputs.Normal<double>(10, 3, 9);
        ReluFcn().KernelFn(x, null, KernelOutputs.Nngp, options with { InterpretedLayers = true });
        Assert.Equal(6, reports[^1].TilesTotal); // 3 row tiles → 3·4/2 tiles on or above the diagonal
        Assert.Equal(100, reports[^1].EntriesDone);

        // The host plan counts its bands of rows (from the diagonal to the last column, mirrored) as tiles.
        reports.Clear();
        ReluFcn().KernelFn(x, null, KernelOutputs.Nngp, options);
        Assert.Equal(3, reports[^1].TilesTotal);
        Assert.Equal(100, reports[^1].EntriesDone);
    }

    [Fact]
    public void Cancellation_stops_between_tiles()
    {
        using var source = new CancellationTokenSource();
        int seen = 0;
        var options = fixture.Options with
        {
            TileSize = 2,
            CancellationToken = source.Token,
            Progress = new SynchronousProgress<KernelProgress>(_ => { if (++seen == 2) source.Cancel(); }),
        };
        Assert.ThrowsAny<OperationCanceledException>(() => ReluFcn().KernelFn(TestInputs.Normal<double>(10, 3, 10), null, KernelOutputs.Both, options));
        Assert.Equal(2, seen);
    }

    [Fact]
    public void A_result_larger_than_allowed_fails_before_allocating_with_the_bytes_needed()
    {
        var x = TestInputs.Normal<float>(100, 3, 11);
        var error = Assert.Throws<InsufficientMemoryException>(() =>
            ReluFcn().KernelFn(x, null, KernelOutputs.Both, fixture.Options with { MaxResultBytes = 1000 }));
        Assert.Contains("80400 bytes", error.Message); // 2 × 100² float32 kernels and 100 variances
        Assert.Contains("100×100", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(long.MaxValue)]
    public void A_result_longer_than_a_dotnet_array_names_the_array_limit_and_row_blocks(long? maxResultBytes)
    {
        // 46 341² = 2 147 488 281 values: 8.6 GB of float32 (within many machines' memory) but one value more than a
        // .NET array can hold; raising MaxResultBytes cannot help, row blocks of x1 can.
        var x = Tensor<float>.Zeros(46_341, 1);
        var error = Assert.Throws<InsufficientMemoryException>(() =>
            ReluFcn().KernelFn(x, null, KernelOutputs.Nngp, fixture.Options with { MaxResultBytes = maxResultBytes }));
        Assert.Contains("2147488281 values", error.Message);
        Assert.Contains($"{Array.MaxLength} values", error.Message);
        Assert.Contains("Array.MaxLength", error.Message);
        Assert.Contains("row blocks of at most 46340 rows", error.Message);
        Assert.Contains("x1.SliceRows", error.Message);
        Assert.DoesNotContain("raise KernelOptions.MaxResultBytes", error.Message);
    }

    [Fact]
    public void A_memory_budget_too_small_for_any_tile_is_reported()
    {
        var x = TestInputs.Normal<float>(100, 3, 12);
        var error = Assert.Throws<InsufficientMemoryException>(() =>
            ReluFcn().KernelFn(x, null, KernelOutputs.Both, fixture.Options with { MemoryBudgetBytes = 100 }));
        Assert.Contains("MemoryBudgetBytes", error.Message);
    }

    [Fact]
    public void A_small_budget_is_met_by_tiling()
    {
        var x = TestInputs.Normal<float>(300, 3, 13);
        var whole = ReluFcn().KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        var reports = new List<KernelProgress>();
        var bounded = ReluFcn().KernelFn(x, null, KernelOutputs.Both,
            fixture.Options with { MemoryBudgetBytes = 64 * 1024, Progress = new SynchronousProgress<KernelProgress>(reports.Add) });

        Assert.True(reports[^1].TilesTotal > 1, "a 64 KiB budget must split a 300×300 kernel");
        AssertClose(whole.Nngp!.Cast<double>(), bounded.Nngp!.Cast<double>(), 1e-6);
    }

    private static void AssertClose(Tensor<double> expected, Tensor<double> actual, double relative)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected.Data[i] - actual.Data[i]) <= relative * Math.Max(1, Math.Abs(expected.Data[i])),
                $"entry {i}: expected {expected.Data[i]:R}, got {actual.Data[i]:R}");
    }

    [Fact]
    public void Thread_counts_beyond_one_launch_are_refused_not_truncated()
    {
        Assert.Equal(3, KernelEngine.ThreadsFor(10, 4));
        Assert.Equal(int.MaxValue, KernelEngine.ThreadsFor(int.MaxValue, 1));
        var refused = Assert.Throws<InvalidOperationException>(() => KernelEngine.ThreadsFor((long)int.MaxValue + 1, 1));
        Assert.Contains("MemoryBudgetBytes", refused.Message);
    }
}
