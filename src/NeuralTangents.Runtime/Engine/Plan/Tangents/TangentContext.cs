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

    /// <summary>Tangents carried.</summary>
    public int Count => Rows.Length;

    /// <summary>The tangents of the row items' variances, one table set per tangent.</summary>
    public VarianceTables<T>[] Rows { get; }

    /// <summary>The tangents of the column items' variances.</summary>
    public VarianceTables<T>[] Cols { get; }

    /// <summary>The hyperparameters that enter <paramref name="op"/> (none for most ops of a given request).</summary>
    public TangentSeed[] SeedsOf(PointwiseOp<T> op) => _seeds.TryGetValue(op, out var seeds) ? seeds : Array.Empty<TangentSeed>();
}
