namespace NeuralTangents.Distributed;

/// <summary>
/// One computed tile as a worker returns it: the tile's NNGP and NTK blocks (rows × columns × spatial axes), the
/// variances of its rows and columns, or the error that made the tile impossible to compute.
/// </summary>
/// <param name="Index">The tile's index in the job's grid (row-major, as <see cref="KernelStore.Compute{T}"/> orders them).</param>
/// <param name="Nngp">The NNGP block, when requested.</param>
/// <param name="Ntk">The NTK block, when requested.</param>
/// <param name="Cov1">The variances of the tile's rows.</param>
/// <param name="Cov2">The variances of the tile's columns (null for a diagonal tile).</param>
/// <param name="Error">Why the tile cannot be computed (invalid job, tile outside the grid, rejected inputs); null on success.</param>
[GenerateSerializer, Immutable, Alias("nt.TileResult")]
public sealed record TileResult(
    [property: Id(0)] int Index,
    [property: Id(1)] WireArray? Nngp,
    [property: Id(2)] WireArray? Ntk,
    [property: Id(3)] WireArray? Cov1,
    [property: Id(4)] WireArray? Cov2,
    [property: Id(5)] string? Error)
{
    /// <summary>A result that reports why tile <paramref name="index"/> cannot be computed.</summary>
    /// <param name="index">The tile.</param>
    /// <param name="error">The reason.</param>
    public static TileResult Failed(int index, string error) => new(index, null, null, null, null, error);
}
