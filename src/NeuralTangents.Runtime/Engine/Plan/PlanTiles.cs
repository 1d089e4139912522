using System.Numerics;
using NeuralTangents.Layers;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// A network without spatial axes on the pair-major plan, inside the host tile machinery of
/// <see cref="KernelComputation"/>: the input Gram comes from <see cref="GramBlocks{T}"/> (the BLAS) straight into the
/// result, then each row of a tile runs the plan's steps on blocks of its columns (pairs in the lanes), with the
/// items' variances recorded once per computation. This is the runtime (<c>Stax</c>) path of the pointwise networks
/// that generated classes compile into fused chains.
/// </summary>
internal sealed class PlanTiles<T> : IHostTileKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Columns per block: a row block's nngp and ntk stay in the L1 cache through every step.</summary>
    private const int BlockColumns = 512;

    private readonly PairPlan<T> _plan;
    private readonly InterpretedTiles<T> _device;
    private VarianceTables<T>? _rows, _cols;
    private T[] _rowOutput = Array.Empty<T>(), _colOutput = Array.Empty<T>();
    private readonly ParallelOptions _parallel;
    private bool _sameItems;

    /// <param name="plan">The network's plan.</param>
    /// <param name="network">The network (its interpreted layers serve device tiles).</param>
    /// <param name="cancellation">Checked before every block of a row, so that a long tile stops within milliseconds.</param>
    public PlanTiles(PairPlan<T> plan, LayerBase network, CancellationToken cancellation)
    {
        _plan = plan;
        _device = new InterpretedTiles<T>(network);
        _parallel = new ParallelOptions { CancellationToken = cancellation };
    }

    /// <summary>The plan works in place on the result rows.</summary>
    public int PeakBranches => 1;

    public bool RunsOnHost(KernelEngine engine) => engine.IsCpu;

    public void Prepare(GramBlocks<T> gram, BranchSignature output)
    {
        _sameItems = gram.SameInputs;
        (_rows, _rowOutput) = Variances(gram.Variances1);
        (_cols, _colOutput) = gram.SameInputs ? (_rows, _rowOutput) : Variances(gram.Variances2);
    }

    public unsafe BranchSignature ComputeOnHost(GramBlocks<T> gram, int r0, int rows, int c0, int cols, T* nngp, T* ntk, int stride, Span<T> cov1, Span<T> cov2)
    {
        gram.Cross(r0, rows, c0, cols, new Span<T>(nngp, (rows - 1) * stride + cols), stride);
        _rowOutput.AsSpan(r0, rows).CopyTo(cov1);
        _colOutput.AsSpan(c0, cols).CopyTo(cov2);
        Rows(r0, rows, c0, cols, fromDiagonal: false, nngp, stride, ntk, stride);
        return _plan.Output;
    }

    public unsafe BranchSignature ComputeSymmetricBand(GramBlocks<T> gram, int r0, int rows, T* nngp, T* ntk, int n)
    {
        int cols = n - r0;
        var scratch = nngp == null ? new T[(long)rows * cols] : null;
        fixed (T* band = scratch)
        {
            T* k = nngp == null ? band : nngp + (long)r0 * n + r0;
            T* t = ntk == null ? null : ntk + (long)r0 * n + r0;
            int kStride = nngp == null ? cols : n;
            gram.Cross(r0, rows, r0, cols, new Span<T>(k, (rows - 1) * kStride + cols), kStride);
            // Each row from its diagonal entry on (the ntk keeps the result's stride n; the nngp may be the scratch).
            Rows(r0, rows, r0, cols, fromDiagonal: true, k, kStride, t, n);
            if (nngp != null)
            {
                HostMirror<T>.Transpose(k, n, rows, rows, cols);
                HostMirror<T>.MirrorLower(k, Math.Min(rows, cols), n);
            }
            if (t != null)
            {
                HostMirror<T>.Transpose(t, n, rows, rows, cols);
                HostMirror<T>.MirrorLower(t, Math.Min(rows, cols), n);
            }
        }
        return _plan.Output;
    }

    public void OutputVariances(int first, Span<T> target) => _rowOutput.AsSpan(first, target.Length).CopyTo(target);

    public KernelTile<T> Compute(KernelEngine engine, GramBlocks<T> gram, int r0, int rows, int c0, int cols, bool wantNtk, int[] inputShape, T[] staging) =>
        _device.Compute(engine, gram, r0, rows, c0, cols, wantNtk, inputShape, staging);

    /// <summary>
    /// Rows r0… of a tile through the plan, in parallel blocks of columns: the nngp with row stride
    /// <paramref name="kStride"/>, the ntk (null when not wanted) with <paramref name="tStride"/>; each row starts at its
    /// own column (the diagonal of a symmetric band) when <paramref name="fromDiagonal"/>, else at column 0.
    /// </summary>
    private unsafe void Rows(int r0, int rows, int c0, int cols, bool fromDiagonal, T* nngp, int kStride, T* ntk, int tStride)
    {
        var jobs = new List<(int Row, int First, int Count)>();
        for (int r = 0; r < rows; r++)
            for (int j = fromDiagonal ? r : 0; j < cols; j += BlockColumns) jobs.Add((r, j, Math.Min(BlockColumns, cols - j)));
        nint k = (nint)nngp, t = (nint)ntk;
        Parallel.For(0, jobs.Count, _parallel, job =>
        {
            var (r, first, count) = jobs[job];
            Block(r0 + r, c0 + first, count, (T*)k + (long)r * kStride + first, t == 0 ? null : (T*)t + (long)r * tStride + first);
        });
    }

    /// <summary>One row item against <paramref name="count"/> consecutive column items, in place: the Gram entries in, the kernels out.</summary>
    private unsafe void Block(int row, int first, int count, T* nngp, T* ntk)
    {
        using var state = new PairState<T>(SpatialForm.None, 1, count, withNtk: ntk != null);
        new Span<T>(nngp, count).CopyTo(state.Nngp);
        state.Ntk?.AsSpan(0, count).Clear();
        var context = new PlanContext<T>(_rows!, _cols!, recording: false, sameItems: _sameItems) { RowItem = row, ColItem = first };
        foreach (var node in _plan.Nodes) node.Run(state, context);
        state.Nngp.AsSpan(0, count).CopyTo(new Span<T>(nngp, count));
        if (ntk != null) state.Ntk.AsSpan(0, count).CopyTo(new Span<T>(ntk, count));
    }

    /// <summary>Every item against itself: the variance tables and the output variances.</summary>
    private (VarianceTables<T> Tables, T[] Output) Variances(T[] inputs)
    {
        var tables = new VarianceTables<T>(_plan.Duals, inputs.Length);
        var output = new T[inputs.Length];
        int blocks = (inputs.Length + BlockColumns - 1) / BlockColumns;
        Parallel.For(0, blocks, block =>
        {
            int first = block * BlockColumns, count = Math.Min(BlockColumns, inputs.Length - first);
            using var state = new PairState<T>(SpatialForm.None, 1, count, withNtk: false);
            inputs.AsSpan(first, count).CopyTo(state.Nngp);
            var context = new PlanContext<T>(tables, tables, recording: true, sameItems: true) { RowItem = first, ColItem = first };
            foreach (var node in _plan.Nodes) node.Run(state, context);
            state.Nngp.AsSpan(0, count).CopyTo(output.AsSpan(first, count));
        });
        return (tables, output);
    }
}
