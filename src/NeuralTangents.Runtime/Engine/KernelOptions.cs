namespace NeuralTangents;

/// <summary>
/// How a kernel computation runs (where, within which memory, with what reporting) and the per-call arguments that
/// Neural Tangents' <c>kernel_fn</c> takes besides the inputs (the output layout, graph patterns).
/// </summary>
public sealed record KernelOptions
{
    /// <summary>The default options.</summary>
    public static KernelOptions Default { get; } = new();

    /// <summary>The engine to run on; null means <see cref="KernelEngine.Default"/>.</summary>
    public KernelEngine? Engine { get; init; }

    /// <summary>Device working memory for tiles in bytes; null means the engine's default budget.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or a negative value.</exception>
    public long? MemoryBudgetBytes { get; init => field = Positive(value, nameof(MemoryBudgetBytes), "bytes of tile working memory"); }

    /// <summary>Largest result (all requested N1×N2 arrays on the host) accepted, in bytes; null means 80 % of the memory available to the process.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or a negative value.</exception>
    public long? MaxResultBytes { get; init => field = Positive(value, nameof(MaxResultBytes), "bytes of result"); }

    /// <summary>Forces square tiles of this side (clamped to the memory budget); null chooses the largest that fits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or a negative value.</exception>
    public int? TileSize { get; init => field = (int?)Positive(value, nameof(TileSize), "items per tile side"); }

    /// <summary>
    /// For networks whose outputs keep spatial axes (no Flatten or global pooling at the end), whether to return only
    /// the same-position covariances (Neural Tangents' <c>diagonal_spatial</c>): false (the default, as Neural
    /// Tangents decides for such networks) returns the full pixel-pair kernels of shape (N1, N2, H, H', W, W', …),
    /// true the diagonal (N1, N2, H, W, …), S values per pair instead of S². Layers inside the network still build
    /// the form they need (pooling the full one); only the result is reduced. Ignored when the outputs have no
    /// spatial axes.
    /// </summary>
    public bool DiagonalSpatial { get; init; }

    /// <summary>
    /// The graphs of x1's items for the network's Aggregate layers (Neural Tangents' <c>pattern[0]</c>); give both
    /// patterns or neither (without them Aggregate is the identity). When x2 is null, <see cref="Pattern2"/> may be
    /// left null: x1's graphs serve both sides.
    /// </summary>
    public GraphPattern? Pattern1 { get; init; }

    /// <summary>The graphs of x2's items (Neural Tangents' <c>pattern[1]</c>); see <see cref="Pattern1"/>.</summary>
    public GraphPattern? Pattern2 { get; init; }

    /// <summary>
    /// Marks absent entries of variable-length inputs (Neural Tangents' <c>mask_constant</c>; NaN marks NaN entries):
    /// entries equal to it are zeroed, a position whose channels all equal it is masked, the masks follow every layer
    /// and the covariances of masked positions are zero. Needs inputs with spatial axes (batch, positions…, channels);
    /// layers that cannot take masks throw <see cref="NotSupportedException"/>. Null (the default) masks nothing.
    /// </summary>
    public double? MaskConstant { get; init; }

    /// <summary>
    /// Receives a report as parts of the kernel finish: after each tile of the interpreted and device paths (kept small
    /// enough to end within a fraction of a second), each band of rows of the host paths (one GEMM cell, 1024 rows) and
    /// about 200 times per kernel on the pair-major plan. Reports may come from worker threads.
    /// </summary>
    public IProgress<KernelProgress>? Progress { get; init; }

    /// <summary>
    /// Stops the computation with an <see cref="OperationCanceledException"/> within about a second of being cancelled,
    /// on every path: the host paths check it inside tiles (between GEMM cells and between their parallel jobs of a few
    /// rows or columns), the interpreted layers between layers and tiles, and device tiles are planned small enough
    /// (<see cref="MemoryBudgetBytes"/> bounds them from above, never from below) that the check between tiles comes soon.
    /// </summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// Runs every layer's interpreted kernel rule even where the pair-major host plan covers the network (the reference
    /// the fast path is tested against).
    /// </summary>
    internal bool InterpretedLayers { get; init; }

    /// <summary>
    /// Runs the pair-major plan's rules one at a time, without the passes that fuse a filter with the rules after it
    /// (the reference those passes are tested against, bit for bit).
    /// </summary>
    internal bool SeparatePlanRules { get; init; }

    /// <summary>
    /// Runs the pair-major plan's device kernels even on ILGPU's CPU accelerator, where the host's vector loops would
    /// run it: the GPU path, tested without a GPU.
    /// </summary>
    internal bool DevicePlan { get; init; }

    /// <summary>Null or a positive value; anything else is rejected where the option is set, naming it.</summary>
    private static long? Positive(long? value, string option, string unit) => value is <= 0
        ? throw new ArgumentOutOfRangeException(option, value,
            $"KernelOptions.{option} must be positive ({unit}) or null for the default, got {value}.")
        : value;
}
