namespace NeuralTangents;

/// <summary>How an empirical kernel computation is batched and within what memory.</summary>
public sealed record EmpiricalOptions
{
    /// <summary>The default options: automatic batch size, 80 % of the memory available to the process.</summary>
    public static EmpiricalOptions Default { get; } = new();

    /// <summary>
    /// Items of x1 and of x2 per block (Neural Tangents' <c>batch_size</c>); null chooses the largest that fits
    /// <see cref="MaxMemoryBytes"/> by the estimate made before allocating.
    /// </summary>
    public int? BatchSize { get; init; }

    /// <summary>Memory allowed for the result and the working set of one block, in bytes; null means 80 % of the memory available to the process.</summary>
    public long? MaxMemoryBytes { get; init; }

    /// <summary>Checked between blocks.</summary>
    public CancellationToken CancellationToken { get; init; }
}
