using NeuralTangents.Distributed;
using NeuralTangents.Distributed.TestHost;
using NeuralTangents.Storage;

namespace NeuralTangents.Distributed.Tests.Support;

/// <summary>The small job the tests distribute, its store root, and the single-machine kernel it must equal bit for bit.</summary>
internal sealed class TestJob : IDisposable
{
    public TestJob(int items = 24, int tileItems = 4)
    {
        X1 = MultiProcessJob.Inputs(items);
        TileItems = tileItems;
        Directory.CreateDirectory(Root);
    }

    /// <summary>The network (the multi-process tests' silos and submitting process build the same one).</summary>
    public static ILayer Network => MultiProcessJob.Network;

    public Tensor<double> X1 { get; }

    public int TileItems { get; }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "nt-distributed-" + Guid.NewGuid().ToString("N"));

    public DistributedJobOptions Options(string store = "kernel", IProgress<DistributedProgress>? progress = null) =>
        new() { StoreRoot = Root, Store = store, TileItems = TileItems, Progress = progress, PollInterval = TimeSpan.FromMilliseconds(20) };

    /// <summary>The tiles of the job's grid (the upper triangle of a symmetric kernel).</summary>
    public int TileCount
    {
        get
        {
            int blocks = (X1.Dim(0) + TileItems - 1) / TileItems;
            return blocks * (blocks + 1) / 2;
        }
    }

    /// <summary>
    /// Asserts that <paramref name="stored"/> equals <see cref="KernelStore.Compute{T}"/> of x1 against <paramref name="x2"/>
    /// (x1 when null) with the same grid, bit for bit, variances included.
    /// </summary>
    public void AssertBitIdenticalToSingleMachine(StoredKernel<double> stored, Tensor<double>? x2 = null)
    {
        using var expected = KernelStore.Compute(Network, X1, x2, Path.Combine(Root, "single-machine"), tileItems: TileItems, overwrite: true);
        Assert.Equal(Bits(expected.Nngp!), Bits(stored.Nngp!));
        Assert.Equal(Bits(expected.Ntk!), Bits(stored.Ntk!));
        Assert.Equal(Bits(expected.Cov1!), Bits(stored.Cov1!));
        Assert.Equal(expected.Cov2 is null, stored.Cov2 is null);
        if (expected.Cov2 is not null) Assert.Equal(Bits(expected.Cov2), Bits(stored.Cov2!));
    }

    private static long[] Bits(NpyFile<double> file) => [.. file.ToTensor().Data.Select(BitConverter.DoubleToInt64Bits)];

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
