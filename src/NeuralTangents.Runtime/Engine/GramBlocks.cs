using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using NeuralTangents.LinearAlgebra;

namespace NeuralTangents.Engine;

/// <summary>
/// The input kernel: blocks of x1·x2ᵀ/d through the BLAS backend, and the variances |x|²/d of every item,
/// computed once.
/// </summary>
/// <remarks>
/// When x2 is x1 the blocks that cross the diagonal are made consistent with the variances: the diagonal
/// entries are the variances themselves and the entries (i, j), (j, i) are equal. A GEMM rounds its dot
/// products differently from the variances (blocked, in another order), so without this a diagonal entry can
/// exceed √(var_i·var_i) by a few ulps; the arc-cosine duals turn that error δ in ρ = 1 into ~√δ (the float32
/// NTK diagonal of a deep ReLU network was off by 5e-4 relative).
/// <para>
/// The GEMM runs on a fixed grid of cells (<see cref="CellRows"/> × <see cref="CellCols"/> items, aligned to item 0):
/// a BLAS may round an entry differently depending on the shape of the call it is part of, and near ρ = 1 the
/// arc-cosine duals turn one ulp of the input kernel into 1e-5 of the output. With every entry computed by the call
/// for its cell, whatever tiles or bands ask for it (the interpreted and the fused paths tile differently), every
/// path sees the same input kernel.
/// </para>
/// </remarks>
internal sealed class GramBlocks<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _x1, _x2;
    private readonly int _features;
    private readonly bool _sameInputs;
    /// <summary>
    /// The last cell computed for a partial request, and which one it is: tiles narrower than a cell (small forced tiles,
    /// a distributed job's tiles) ask for the same cell again and again, and recomputing a whole cell GEMM for each
    /// was most of a small tile's fixed cost (with a fresh cell-sized scratch array each time). Allocated on the first
    /// partial request, no larger than the inputs' largest cell; guarded by <see cref="_cellGate"/> (tiles may be computed
    /// concurrently).
    /// </summary>
    private T[]? _cell;
    private readonly object _cellGate = new();
    private int _cellRow = -1, _cellCol = -1;

    /// <param name="x1">The first inputs, items × features, row-major.</param>
    /// <param name="features1">Features per item of x1.</param>
    /// <param name="x2">The second inputs; ignored when <paramref name="sameInputs"/>.</param>
    /// <param name="features2">Features per item of x2.</param>
    /// <param name="sameInputs">Whether x2 is x1 (absent, the same tensor, or equal data): the kernel is symmetric.</param>
    /// <param name="cancellation">The computation's token: checked before every GEMM cell, and read by the host tile kernels.</param>
    public GramBlocks(T[] x1, int features1, T[] x2, int features2, bool sameInputs, CancellationToken cancellation = default)
    {
        _sameInputs = sameInputs;
        Cancellation = cancellation;
        _x1 = x1;
        _x2 = sameInputs ? x1 : x2;
        _features = features1;
        Variances1 = RowVariances(x1, features1);
        Variances2 = sameInputs ? Variances1 : RowVariances(x2, features2);
    }

    /// <summary>Whether x2 is x1, so that entry (i, i) pairs an item with itself.</summary>
    public bool SameInputs => _sameInputs;

    /// <summary>
    /// The token of the computation these blocks belong to. A long GEMM checks it between cells, and the host tile kernels
    /// check it between their parallel jobs, so that a cancellation takes effect inside a tile rather than after it.
    /// </summary>
    public CancellationToken Cancellation { get; }

    public T[] Variances1 { get; }

    public T[] Variances2 { get; }

    /// <summary>Writes rows × cols of x1·x2ᵀ/d, row-major, into <paramref name="target"/>.</summary>
    public void Cross(int r0, int rows, int c0, int cols, Span<T> target) => Cross(r0, rows, c0, cols, target, cols);

    /// <summary>Rows of x1 per GEMM cell.</summary>
    public const int CellRows = 1024;

    /// <summary>Items of x2 per GEMM cell (as many as rows: a symmetric band starting on the diagonal starts on a cell).</summary>
    public const int CellCols = 1024;

    /// <summary>Writes rows × cols of x1·x2ᵀ/d into <paramref name="target"/> with row stride <paramref name="stride"/>.</summary>
    public void Cross(int r0, int rows, int c0, int cols, Span<T> target, int stride)
    {
        int n1 = _x1.Length / _features, n2 = _x2.Length / _features;
        for (int cellRow = r0 / CellRows * CellRows; cellRow < r0 + rows; cellRow += CellRows)
        {
            int cellRows = Math.Min(CellRows, n1 - cellRow);
            int first = Math.Max(r0, cellRow), end = Math.Min(r0 + rows, cellRow + cellRows);
            for (int cellCol = c0 / CellCols * CellCols; cellCol < c0 + cols; cellCol += CellCols)
            {
                Cancellation.ThrowIfCancellationRequested();
                int cellCols = Math.Min(CellCols, n2 - cellCol);
                int left = Math.Max(c0, cellCol), right = Math.Min(c0 + cols, cellCol + cellCols);
                if (first == cellRow && end == cellRow + cellRows && left == cellCol && right == cellCol + cellCols)
                {
                    // The whole cell is wanted: straight into the target.
                    Cell(cellRow, cellRows, cellCol, cellCols, target[((cellRow - r0) * stride + cellCol - c0)..], stride);
                    continue;
                }
                // Part of a cell: the whole cell (computed once while requests stay in it), then the part.
                lock (_cellGate)
                {
                    _cell ??= new T[Math.Min(CellRows, n1) * Math.Min(CellCols, n2)];
                    if (_cellRow != cellRow || _cellCol != cellCol)
                    {
                        _cellRow = -1; // not valid while it is being overwritten (a GEMM that throws leaves it so)
                        Cell(cellRow, cellRows, cellCol, cellCols, _cell, cellCols);
                        (_cellRow, _cellCol) = (cellRow, cellCol);
                    }
                    for (int r = first; r < end; r++)
                        _cell.AsSpan((r - cellRow) * cellCols + left - cellCol, right - left).CopyTo(target[((r - r0) * stride + left - c0)..]);
                }
            }
        }
        if (_sameInputs) MatchDiagonal(r0, rows, c0, cols, target, stride);
    }

    private void Cell(int r0, int rows, int c0, int cols, Span<T> target, int stride)
    {
        int d = _features;
        Blas.Gemm(false, true, rows, cols, d, T.One / T.CreateTruncating(d),
            _x1.AsSpan(r0 * d, rows * d), d, _x2.AsSpan(c0 * d, cols * d), d, T.Zero, target, stride);
    }

    /// <summary>
    /// On the items the block shares between its rows and columns: the diagonal entries become the variances
    /// and the lower triangle mirrors the upper, so that ρ = 1 exactly on the diagonal and the block is symmetric
    /// (the GEMM sums in another order than the variances' dot products; the angle-based duals need ρ = 1 exactly,
    /// see DualMath.PerfectCorrelationTolerance).
    /// </summary>
    private void MatchDiagonal(int r0, int rows, int c0, int cols, Span<T> target, int stride)
    {
        int first = Math.Max(r0, c0), end = Math.Min(r0 + rows, c0 + cols);
        for (int i = first; i < end; i++)
        {
            target[(i - r0) * stride + (i - c0)] = Variances1[i];
            for (int j = i + 1; j < end; j++)
                target[(j - r0) * stride + (i - c0)] = target[(i - r0) * stride + (j - c0)];
        }
    }

    /// <summary>|x|²/d per row: one dot product per row, the values the diagonal of a self-kernel takes.</summary>
    private static T[] RowVariances(T[] x, int features)
    {
        int n = x.Length / features;
        var result = new T[n];
        T scale = T.One / T.CreateTruncating(features);
        for (int i = 0; i < n; i++)
        {
            var row = x.AsSpan(i * features, features);
            result[i] = TensorPrimitives.Dot<T>(row, row) * scale;
        }
        return result;
    }
}
