namespace NeuralTangents.Engine.Plan;

/// <summary>
/// What a plan run with tangents needs beyond <see cref="PlanContext{T}"/>: the tangents of the items' recorded
/// variances (one set of <see cref="VarianceTables{T}"/> per tangent, beside the primal tables; a variance run writes
/// <see cref="Rows"/>) and which ops each hyperparameter seeds.
/// </summary>
internal sealed class TangentContext<T> where T : unmanaged
{
    private readonly IReadOnlyDictionary<PointwiseOp<T>, TangentSeed[]> _seeds;

    public TangentContext(VarianceTables<T>[] rows, VarianceTables<T>[] cols, IReadOnlyDictionary<PointwiseOp<T>, TangentSeed[]> seeds)
    {
        Rows = rows;
        Cols = cols;
        _seeds = seeds;
    }

    /// <summary>
    /// Whether the tangents move the row items only (derivatives with respect to x1, x2 held fixed) rather than the whole
    /// recursion (hyperparameters). Then an item against itself in a cross run is no longer on the diagonal to first
    /// order — only its row side moves — so the self-diagonal slopes do not apply there.
    /// </summary>
    public bool OneSided { get; init; }

    /// <summary>Tangents carried.</summary>
    public int Count => Rows.Length;

    /// <summary>The tangents of the row items' variances, one table set per tangent.</summary>
    public VarianceTables<T>[] Rows { get; }

    /// <summary>The tangents of the column items' variances.</summary>
    public VarianceTables<T>[] Cols { get; }

    /// <summary>The hyperparameters that enter <paramref name="op"/> (none for most ops of a given request).</summary>
    public TangentSeed[] SeedsOf(PointwiseOp<T> op) => _seeds.TryGetValue(op, out var seeds) ? seeds : Array.Empty<TangentSeed>();
}
