namespace NeuralTangents.Engine.DeviceKernels;

/// <summary>
/// The layout of a plan's state on the device, pair axis innermost as on the host: no positions ([lane]), the diagonal
/// form ([position][lane], one position's lanes contiguous, so that neighbouring threads read neighbouring values) or
/// the full form ([lane][position][position], the second item's positions contiguous).
/// </summary>
internal struct StateShape
{
    /// <summary>No positions.</summary>
    public const int None = 0;

    /// <summary>Same-position covariances only.</summary>
    public const int Diagonal = 1;

    /// <summary>Every position pair.</summary>
    public const int Full = 2;

    /// <summary><see cref="None"/>, <see cref="Diagonal"/> or <see cref="Full"/>.</summary>
    public int Form;

    /// <summary>Spatial positions (1 without them).</summary>
    public int Positions;

    /// <summary>Pairs in the batch.</summary>
    public long Lanes;

    /// <summary>Values per array.</summary>
    public readonly long Length => Form == Full ? Lanes * Positions * Positions : Form == Diagonal ? Lanes * Positions : Lanes;

    /// <summary>The lane and the two positions (equal outside the full form) of value <paramref name="e"/>.</summary>
    public readonly void Decode(long e, out long lane, out int p, out int p2)
    {
        // 32-bit divisions where the state allows (always on a GPU, whose launches take at most 2³¹ − 1 threads): a 64-bit
        // division is emulated there and costs several times more. The branch is the same for every thread of a launch.
        if (Length <= int.MaxValue)
        {
            DecodeSmall((int)e, out int small, out p, out p2);
            lane = small;
            return;
        }
        if (Form == Full)
        {
            long per = (long)Positions * Positions;
            lane = e / per;
            long within = e - lane * per;
            p = (int)(within / Positions);
            p2 = (int)(within - (long)p * Positions);
            return;
        }
        if (Form == Diagonal)
        {
            p = (int)(e / Lanes);
            lane = e - p * Lanes;
            p2 = p;
            return;
        }
        lane = e;
        p = 0;
        p2 = 0;
    }

    /// <summary><see cref="Decode"/> in 32-bit arithmetic, for states of at most 2³¹ − 1 values.</summary>
    private readonly void DecodeSmall(int e, out int lane, out int p, out int p2)
    {
        if (Form == Full)
        {
            int per = Positions * Positions;
            lane = e / per;
            int within = e - lane * per;
            p = within / Positions;
            p2 = within - p * Positions;
            return;
        }
        if (Form == Diagonal)
        {
            int lanes = (int)Lanes;
            p = e / lanes;
            lane = e - p * lanes;
            p2 = p;
            return;
        }
        lane = e;
        p = 0;
        p2 = 0;
    }
}

/// <summary>
/// Which (row item, column item) pair each lane of a device batch holds: lanes run row by row over a tile of
/// <see cref="Cols"/> columns from (<see cref="Row0"/>, <see cref="Col0"/>), starting at lane <see cref="First"/> of the
/// tile; in a variance run (<see cref="Own"/>) lane l is item <see cref="Row0"/> + <see cref="First"/> + l against itself.
/// </summary>
internal struct PairLanes
{
    /// <summary>The tile's first row item.</summary>
    public int Row0;

    /// <summary>The tile's first column item.</summary>
    public int Col0;

    /// <summary>Columns of the tile.</summary>
    public int Cols;

    /// <summary>The batch's first lane within the tile.</summary>
    public long First;

    /// <summary>1 in a variance run (every lane an item against itself).</summary>
    public int Own;

    /// <summary>1 when equal indices are the same item (x2 is x1, or a variance run).</summary>
    public int SameItems;

    /// <summary>The row item of <paramref name="lane"/>.</summary>
    public readonly int Row(long lane) => Own != 0 ? Row0 + (int)(First + lane) : Row0 + (int)((First + lane) / Cols);

    /// <summary>The column item of <paramref name="lane"/>.</summary>
    public readonly int Col(long lane) => Own != 0 ? Row0 + (int)(First + lane) : Col0 + (int)((First + lane) % Cols);
}

/// <summary>
/// One fused device pass of a plan segment: an optional box filter, an optional affine rule and an optional
/// nonlinearity's dual, applied to each value in registers. The dual reads the items' variances from tables laid out
/// as the host's <c>VarianceTables</c> ([position][item] for a diagonal-form input, [item][position] for a full one),
/// at <see cref="RowTable"/> and <see cref="ColTable"/> in the row and column items' table buffers.
/// </summary>
internal struct PlanPass
{
    /// <summary>The state the pass writes.</summary>
    public StateShape Out;

    /// <summary>Positions of the state the pass reads (the box filter's input).</summary>
    public int InPositions;

    /// <summary>1 when the pass starts with a box filter.</summary>
    public int HasBox;

    /// <summary>1 for pooling's independent window (every pair of offsets), 0 for Conv's joint one.</summary>
    public int Independent;

    /// <summary>The factor on the window's sum.</summary>
    public double BoxScale;

    /// <summary>The window.</summary>
    public BoxGeometry Box;

    /// <summary>1 when an affine rule follows.</summary>
    public int HasAffine;

    /// <summary>The affine rule.</summary>
    public AffineRule Affine;

    /// <summary>1 when a dual ends the pass.</summary>
    public int HasDual;

    /// <summary>1 when the dual records each value as its item's variance and applies T_d (a variance run outside the full form).</summary>
    public int Recording;

    /// <summary>Where the dual's table starts in the row items' buffer.</summary>
    public long RowTable;

    /// <summary>Where the dual's table starts in the column items' buffer.</summary>
    public long ColTable;

    /// <summary>1 when the dual's table is [item][position] (its input had the full form).</summary>
    public int TableFull;

    /// <summary>Items of the row table.</summary>
    public int RowItems;

    /// <summary>Items of the column table.</summary>
    public int ColItems;

    /// <summary>Positions of the dual's input.</summary>
    public int TablePositions;

    /// <summary>1 when the NTK is carried.</summary>
    public int HasNtk;

    /// <summary>Where item <paramref name="item"/>'s variance at <paramref name="position"/> lies in a table at <paramref name="table"/> of <paramref name="items"/> items.</summary>
    public readonly long TableIndex(long table, int items, int item, int position) =>
        TableFull != 0 ? table + (long)item * TablePositions + position : table + (long)position * items + item;
}
