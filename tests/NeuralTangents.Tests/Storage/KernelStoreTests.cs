using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Storage;

[Collection(EngineCollection.Name)]
public sealed class KernelStoreTests(CpuEngineFixture fixture) : IDisposable
{
    private readonly string _folder = NumPy.TemporaryFolder();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ILayer Fcn => Stax.Serial(Stax.Dense(64, wStd: 1.5, bStd: 0.1), Stax.Relu(), Stax.Dense(1, wStd: 1.5, bStd: 0.1));

    [Fact]
    public void Kernel_of_x1_against_x2_stored_in_uneven_tiles_equals_the_in_memory_kernel()
    {
        var x1 = TestInputs.Normal<double>(11, 5, 1);
        var x2 = TestInputs.Normal<double>(7, 5, 2);
        var expected = Fcn.KernelFn(x1, x2, options: fixture.Options);
        using var stored = KernelStore.Compute(Fcn, x1, x2, _folder, tileItems: 4, options: fixture.Options);
        AssertClose(expected.Nngp!, stored.Nngp!.ToTensor());
        AssertClose(expected.Ntk!, stored.Ntk!.ToTensor());
        AssertClose(expected.Cov1, stored.Cov1!.ToTensor());
        AssertClose(expected.Cov2!, stored.Cov2!.ToTensor());
    }

    [Fact]
    public void Self_kernel_stored_from_the_upper_tiles_is_the_symmetric_in_memory_kernel()
    {
        var x = TestInputs.Normal<float>(10, 6, 3);
        var expected = Fcn.KernelFn(x, options: fixture.Options);
        var reports = new List<KernelProgress>();
        using var stored = KernelStore.Compute(Fcn, x, null, _folder, tileItems: 3,
            options: fixture.Options with { Progress = new SynchronousProgress<KernelProgress>(reports.Add) });
        var ntk = stored.Ntk!.ToTensor();
        AssertClose(expected.Nngp!, stored.Nngp!.ToTensor());
        AssertClose(expected.Ntk!, ntk);
        AssertClose(expected.Cov1, stored.Cov1!.ToTensor());
        Assert.Null(stored.Cov2);
        for (int i = 0; i < 10; i++)
            for (int j = 0; j < 10; j++) Assert.Equal(ntk[i, j], ntk[j, i]);
        // 4 row blocks: 4 + 3 + 2 + 1 tiles on and above the diagonal, every entry counted once.
        Assert.Equal(Enumerable.Range(1, 10), reports.Select(r => r.TilesDone));
        Assert.All(reports, r => Assert.Equal(10, r.TilesTotal));
        Assert.Equal(100, reports[^1].EntriesDone);
    }

    [Fact]
    public void Mirrored_tiles_larger_than_the_transpose_squares_are_stored_as_exact_transposes()
    {
        // Tiles of 70 items (squares of 32 and clipped ones) and a clipped last row block of 30: each entry below the
        // diagonal is the bit-exact mirror of the computed one above it.
        var x = TestInputs.Normal<float>(100, 4, 5);
        var expected = Fcn.KernelFn(x, options: fixture.Options);
        using var stored = KernelStore.Compute(Fcn, x, null, _folder, tileItems: 70, options: fixture.Options);
        var nngp = stored.Nngp!.ToTensor();
        AssertClose(expected.Nngp!, nngp);
        for (int i = 0; i < 100; i++)
            for (int j = i + 1; j < 100; j++) Assert.Equal(nngp[i, j], nngp[j, i]);
    }

    [Fact]
    public void Spatial_self_kernel_is_stored_tile_by_tile_in_the_in_memory_layout()
    {
        var network = Stax.Serial(Stax.Conv(4, new[] { 2 }, padding: Padding.Same, wStd: 1.3, bStd: 0.2), Stax.Erf(), Stax.Conv(2, new[] { 2 }, padding: Padding.Same));
        var x = Tensor<double>.FromFunction(new[] { 5, 3, 2 }, i => Math.Sin(0.9 * i));
        var expected = network.KernelFn(x, options: fixture.Options);
        using var stored = KernelStore.Compute(network, x, null, _folder, tileItems: 2, options: fixture.Options);
        Assert.Equal(expected.Nngp!.Shape, stored.Nngp!.Shape);
        AssertClose(expected.Nngp!, stored.Nngp.ToTensor());
        AssertClose(expected.Ntk!, stored.Ntk!.ToTensor());
        AssertClose(expected.Cov1, stored.Cov1!.ToTensor());
    }

    [Fact]
    public void NumPy_reads_the_stored_kernel_memory_mapped_with_the_values_computed_here()
    {
        var x = TestInputs.Normal<float>(9, 4, 4);
        using (KernelStore.Compute(Fcn, x, null, _folder, get: KernelOutputs.Ntk, tileItems: 4, options: fixture.Options)) { }
        Assert.False(File.Exists(Path.Combine(_folder, StoredKernel<float>.NngpFileName)));
        var (dtype, shape, cOrder, values) = NumPy.LoadMemoryMapped(Path.Combine(_folder, StoredKernel<float>.NtkFileName));
        using var reopened = StoredKernel<float>.Open(_folder);
        Assert.Equal("<f4", dtype);
        Assert.Equal(new[] { 9, 9 }, shape);
        Assert.True(cOrder);
        Assert.Equal(reopened.Ntk!.ToTensor().Data.Select(v => (double)v), values);
        AssertClose(Fcn.KernelFn(x, get: KernelOutputs.Ntk, options: fixture.Options).Ntk!, reopened.Ntk.ToTensor());
    }

    [Fact]
    public void Existing_store_is_refused_unless_overwrite_is_asked()
    {
        var x = TestInputs.Normal<float>(3, 2, 5);
        using (KernelStore.Compute(Fcn, x, null, _folder, options: fixture.Options)) { }
        Assert.Throws<IOException>(() => KernelStore.Compute(Fcn, x, null, _folder, options: fixture.Options));
        using var again = KernelStore.Compute(Fcn, x, null, _folder, overwrite: true, options: fixture.Options);
        Assert.Equal(3, again.Rows);
    }

    [Fact]
    public void Folder_whose_files_disagree_in_shape_is_refused_naming_the_file()
    {
        NpyFile<float>.Save(Path.Combine(_folder, StoredKernel<float>.NngpFileName), Tensor<float>.Zeros(4, 4));
        NpyFile<float>.Save(Path.Combine(_folder, StoredKernel<float>.NtkFileName), Tensor<float>.Zeros(4, 3));
        var error = Assert.Throws<NpyFormatException>(() => StoredKernel<float>.Open(_folder));
        Assert.EndsWith(StoredKernel<float>.NtkFileName, error.FilePath);
        Assert.Contains("expected (4, 4)", error.Message);
    }

    [Fact]
    public void Cancelled_computation_stops_before_the_next_tile()
    {
        using var cancel = new CancellationTokenSource();
        var options = fixture.Options with { CancellationToken = cancel.Token, Progress = new SynchronousProgress<KernelProgress>(_ => cancel.Cancel()) };
        Assert.Throws<OperationCanceledException>(() => KernelStore.Compute(Fcn, TestInputs.Normal<float>(6, 2, 6), null, _folder, tileItems: 2, options: options));
    }

    private static void AssertClose<T>(Tensor<T> expected, Tensor<T> actual) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Shape, actual.Shape);
        double tolerance = typeof(T) == typeof(float) ? 1e-5 : 1e-12;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = double.CreateTruncating(expected.Data[i]), a = double.CreateTruncating(actual.Data[i]);
            Assert.True(Math.Abs(e - a) <= tolerance * Math.Max(1, Math.Abs(e)), $"entry {i}: stored {a}, in memory {e}");
        }
    }
}
