using NeuralTangents.Distributed;

namespace NeuralTangents.Distributed.TestHost;

/// <summary>
/// The job the multi-process tests distribute: the submitting process (<c>submit</c>) and the test that checks the
/// stored kernel against single-machine <see cref="KernelStore.Compute{T}"/> build it from the same numbers.
/// </summary>
public static class MultiProcessJob
{
    /// <summary>Items per side of a tile.</summary>
    public const int TileItems = 4;

    /// <summary>A two-layer ReLU network (NNGP and NTK, pointwise, so the kernel is mirrored: only upper tiles are computed).</summary>
    public static ILayer Network => Stax.Serial(Stax.Dense(64, wStd: 1.5, bStd: 0.1), Stax.Relu(), Stax.Dense(1, wStd: 1.5, bStd: 0.1));

    /// <summary>The inputs: <paramref name="items"/> deterministic rows of 6 features.</summary>
    /// <param name="items">The number of items.</param>
    public static Tensor<double> Inputs(int items) => Tensor<double>.FromFunction([items, 6], i => Math.Sin(0.37 * i + 0.1 * (i % 7)));

    /// <summary>The tiles of the job's grid for <paramref name="items"/> items: the upper triangle of a symmetric kernel.</summary>
    /// <param name="items">The number of items.</param>
    public static int TileCount(int items)
    {
        int blocks = (items + TileItems - 1) / TileItems;
        return blocks * (blocks + 1) / 2;
    }

    /// <summary>The job's options for a store <paramref name="store"/> under <paramref name="root"/>.</summary>
    /// <param name="root">The store root.</param>
    /// <param name="store">The store, relative to the root.</param>
    /// <param name="progress">Receives a report per stored tile.</param>
    public static DistributedJobOptions Options(string root, string store, IProgress<DistributedProgress>? progress = null) =>
        new() { StoreRoot = root, Store = store, TileItems = TileItems, Progress = progress, PollInterval = TimeSpan.FromMilliseconds(20) };
}
