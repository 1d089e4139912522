namespace NeuralTangents.Storage;

/// <summary>
/// One tile of a stored kernel: rows [<see cref="Row"/>, +<see cref="Rows"/>) against columns [<see cref="Column"/>,
/// +<see cref="Columns"/>); a <see cref="Diagonal"/> tile is an x1 block against itself, a <see cref="Mirrored"/> tile
/// is also written transposed below the diagonal.
/// </summary>
internal readonly record struct StoredTile(int Row, int Rows, int Column, int Columns, bool Diagonal, bool Mirrored)
{
    /// <summary>
    /// Whether the tile writes x1's variances (cov1) of its rows: the first tile of each row of tiles does, which is the
    /// diagonal tile when only tiles on and above the diagonal are computed.
    /// </summary>
    public bool CarriesRowVariances => Column == 0 || Diagonal;

    /// <summary>Whether the tile writes x2's variances (cov2) of its columns, when there is an x2: the first row of tiles does.</summary>
    public bool CarriesColumnVariances => Row == 0;

    /// <summary>The kernel entries the tile fills (twice its size when mirrored).</summary>
    public long Entries => (long)Rows * Columns * (Mirrored ? 2 : 1);

    /// <summary>
    /// The tiles of an n1 × n2 kernel in row-major order; for a self kernel the diagonal tiles are x1 blocks against
    /// themselves, and with <paramref name="mirror"/> only the tiles on and above the diagonal are listed.
    /// </summary>
    public static List<StoredTile> Grid(int n1, int n2, int tileItems, bool selfKernel, bool mirror)
    {
        var tiles = new List<StoredTile>();
        for (int row = 0; row < n1; row += tileItems)
        {
            for (int column = mirror ? row : 0; column < n2; column += tileItems)
            {
                bool diagonal = selfKernel && row == column;
                tiles.Add(new StoredTile(row, Math.Min(tileItems, n1 - row), column, Math.Min(tileItems, n2 - column), diagonal, mirror && !diagonal));
            }
        }
        return tiles;
    }
}
