namespace NeuralTangents.Engine.Plan;

/// <summary>
/// What a running plan needs beyond the state: which items the state belongs to, and where their variances come
/// from. A cross run reads the row items' variances from <see cref="Rows"/> and the column items' from
/// <see cref="Cols"/>; a variance run (<see cref="Recording"/>) propagates items against themselves and writes
/// the variances each nonlinearity sees into <see cref="Rows"/> before applying it.
/// </summary>
internal sealed class PlanContext<T> where T : unmanaged
{
    public PlanContext(VarianceTables<T> rows, VarianceTables<T> cols, bool recording, bool sameItems)
    {
        Rows = rows;
        Cols = cols;
        Recording = recording;
        SameItems = sameItems || recording;
    }

    /// <summary>The row items' variances (the recorded ones in a variance run).</summary>
    public VarianceTables<T> Rows { get; }

    /// <summary>The column items' variances.</summary>
    public VarianceTables<T> Cols { get; }

    /// <summary>Whether this run records variances (items against themselves) rather than computing cross pairs.</summary>
    public bool Recording { get; }

    /// <summary>Whether the row and column items are items of one input (x2 is x1, or a variance run), so that equal indices are the same item.</summary>
    public bool SameItems { get; }

    /// <summary>
    /// Whether float32 kernels may run the arc-cosine duals on float32 lanes (<see cref="SingleLaneRelu"/>): the spatial
    /// runner's choice, where they are most of the work. Pointwise networks keep double lanes, as their generated fused
    /// chains do, so that both paths agree entry by entry to 1e-6 even at correlations a few ulps from 1.
    /// </summary>
    public bool SingleLanes { get; init; }

    /// <summary>Whether a filter and the rules after it may run as one fused pass (<see cref="FusedConvRelu"/>); off only to test those passes.</summary>
    public bool FusedPasses { get; init; } = true;

    /// <summary>The row item (the first of the block's items in a diagonal variance run).</summary>
    public int RowItem { get; set; }

    /// <summary>The column item (the first of the block's column items in the diagonal form).</summary>
    public int ColItem { get; set; }
}
