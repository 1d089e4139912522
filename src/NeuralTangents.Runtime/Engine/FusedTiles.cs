using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Fusion;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>
/// The fused path: the input kernel, then the generated chain on every entry of the tile. On a GPU that is one
/// device kernel; on the CPU accelerator, whose simulated GPU threads run one entry at a time, it is a parallel
/// host loop over rows that carries four entries per step (SIMD). The per-item variances the chain needs are
/// computed once per computation on the host (they depend on one item only); the output variances come from them.
/// </summary>
internal sealed class FusedTiles<T, TChain, TVariances, TColumns> : IHostTileKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TChain : struct, IVectorizedChain<TVariances, TColumns>
    where TVariances : unmanaged
    where TColumns : unmanaged
{
    private readonly TChain _chain;
    private TVariances[] _rows = Array.Empty<TVariances>(), _columns = Array.Empty<TVariances>();
    private T[] _rowOutput = Array.Empty<T>(), _columnOutput = Array.Empty<T>();
    private BranchSignature? _output;

    public FusedTiles(TChain chain) => _chain = chain;

    /// <summary>Runs the ILGPU kernel even on the CPU accelerator (for tests of the device path).</summary>
    internal static bool ForceDeviceKernel { get; set; }

    /// <summary>The chain works in place on the tile's nngp and ntk: one branch.</summary>
    public int PeakBranches => 1;

    public void Prepare(GramBlocks<T> gram, BranchSignature output)
    {
        _output = output;
        (_rows, _rowOutput) = Map(gram.Variances1);
        (_columns, _columnOutput) = ReferenceEquals(gram.Variances1, gram.Variances2) ? (_rows, _rowOutput) : Map(gram.Variances2);
    }

    public bool RunsOnHost(KernelEngine engine) => engine.IsCpu && !ForceDeviceKernel;

    public unsafe BranchSignature ComputeOnHost(GramBlocks<T> gram, int r0, int rows, int c0, int cols, T* nngp, T* ntk, int stride,
        Span<T> cov1, Span<T> cov2)
    {
        gram.Cross(r0, rows, c0, cols, new Span<T>(nngp, (rows - 1) * stride + cols), stride);
        _rowOutput.AsSpan(r0, rows).CopyTo(cov1);
        _columnOutput.AsSpan(c0, cols).CopyTo(cov2);
        var blocks = PackColumns(c0, cols);
        var chain = _chain;
        var rowStates = _rows;
        nint nngpAddress = (nint)nngp, ntkAddress = (nint)ntk;
        Parallel.For(0, rows, r => Row(chain, rowStates[r0 + r], blocks, (T*)nngpAddress + (long)r * stride,
            ntkAddress == 0 ? null : (T*)ntkAddress + (long)r * stride, 0, blocks.Length, cols));
        return _output!;
    }

    public unsafe BranchSignature ComputeSymmetricBand(GramBlocks<T> gram, int r0, int rows, T* nngp, T* ntk, int n)
    {
        int cols = n - r0;
        // Without a wanted nngp the chain still needs the input kernel: the band then lives in scratch memory.
        var scratch = nngp == null ? new T[(long)rows * cols] : null;
        fixed (T* band = scratch)
        {
            T* k = nngp == null ? band : nngp + (long)r0 * n + r0;
            T* t = ntk == null ? null : ntk + (long)r0 * n + r0;
            int kStride = nngp == null ? cols : n;
            // The band's rows against every item from its first row on: the diagonal block and everything right of it.
            gram.Cross(r0, rows, r0, cols, new Span<T>(k, (rows - 1) * kStride + cols), kStride);
            Band(_chain, _rows, PackColumns(r0, cols), r0, rows, cols, k, kStride, mirrorNngp: nngp != null, t, n);
        }
        return _output!;
    }

    /// <summary>
    /// The chain over a band in parallel jobs of <see cref="BandColumns"/> columns. Each job carries its columns
    /// through the chain, then (while they are in cache) writes their transposes into the rows of later bands. Rows in
    /// the diagonal block start at their own eight-column block; what they compute left of the diagonal is overwritten
    /// by the mirror of the diagonal block, after every job has finished with it.
    /// </summary>
    private static unsafe void Band(TChain chain, TVariances[] rowStates, TColumns[] blocks, int r0, int rows, int cols,
        T* k, int kStride, bool mirrorNngp, T* t, int tStride)
    {
        nint kAddress = (nint)k, tAddress = (nint)t;
        int jobs = (cols + BandColumns - 1) / BandColumns;
        Parallel.For(0, jobs, job =>
        {
            T* kb = (T*)kAddress, tb = (T*)tAddress;
            int start = job * BandColumns, end = Math.Min(cols, start + BandColumns);
            for (int r = 0; r < rows; r++)
            {
                int first = Math.Max(start, r / 8 * 8);
                if (first >= end) break;
                Row(chain, rowStates[r0 + r], blocks, kb + (long)r * kStride, tb == null ? null : tb + (long)r * tStride, first / 4, (end + 3) / 4, cols);
            }
            int below = Math.Max(start, rows);
            if (below >= end) return;
            if (mirrorNngp) Transpose(kb, kStride, rows, below, end);
            if (tb != null) Transpose(tb, tStride, rows, below, end);
        });
        if (mirrorNngp) MirrorLower(k, Math.Min(rows, cols), kStride);
        if (t != null) MirrorLower(t, Math.Min(rows, cols), tStride);
    }

    public void OutputVariances(int first, Span<T> target) => _rowOutput.AsSpan(first, target.Length).CopyTo(target);

    /// <summary>Columns per job of a symmetric band: a band's rows × these columns of nngp and ntk stay in the core's L2 cache.</summary>
    private const int BandColumns = 64;

    /// <summary>
    /// Writes rows 0…rows−1, columns <paramref name="from"/>…<paramref name="to"/>−1 of the square-stride block at
    /// <paramref name="origin"/> into their transposed places (column c of row r goes to row c, column r), sixteen rows
    /// at a time so that each written row segment fills whole cache lines.
    /// </summary>
    private static unsafe void Transpose(T* origin, int stride, int rows, int from, int to)
    {
        const int Group = 16;
        for (int r0 = 0; r0 < rows; r0 += Group)
        {
            int r1 = Math.Min(rows, r0 + Group);
            for (int c = from; c < to; c++)
            {
                T* target = origin + (long)c * stride;
                T* source = origin + c;
                for (int r = r0; r < r1; r++) target[r] = source[(long)r * stride];
            }
        }
    }

    /// <summary>The column variances packed four by four for columns c0…c0+cols−1 (the last block repeats its last column).</summary>
    private TColumns[] PackColumns(int c0, int cols)
    {
        var blocks = new TColumns[(cols + 3) / 4];
        for (int b = 0; b < blocks.Length; b++)
        {
            int j = c0 + 4 * b, last = c0 + cols - 1;
            blocks[b] = _chain.Columns(_columns[j], _columns[Math.Min(j + 1, last)], _columns[Math.Min(j + 2, last)], _columns[Math.Min(j + 3, last)]);
        }
        return blocks;
    }

    public KernelTile<T> Compute(KernelEngine engine, GramBlocks<T> gram, int r0, int rows, int c0, int cols, bool wantNtk, int[] inputShape, T[] staging)
    {
        var span = staging.AsSpan(0, rows * cols);
        gram.Cross(r0, rows, c0, cols, span);
        var nngp = engine.Allocate<T>((long)rows * cols);
        nngp.Flat().SubView(0, (long)rows * cols).CopyFromCPU(span);
        var ntk = wantNtk ? engine.Allocate<T>((long)rows * cols) : null;
        var cov1 = engine.Allocate<T>(rows);
        cov1.Flat().SubView(0, rows).CopyFromCPU(_rowOutput.AsSpan(r0, rows));
        var cov2 = engine.Allocate<T>(cols);
        cov2.Flat().SubView(0, cols).CopyFromCPU(_columnOutput.AsSpan(c0, cols));
        var tile = new KernelTile<T>(nngp, ntk, cov1, cov2, rows, cols, _output!) { Origin = new TileOrigin(r0, c0, gram.SameInputs) };
        using var rowVariances = engine.Allocate<TVariances>(rows);
        using var columnVariances = engine.Allocate<TVariances>(cols);
        rowVariances.Flat().SubView(0, rows).CopyFromCPU(_rows.AsSpan(r0, rows));
        columnVariances.Flat().SubView(0, cols).CopyFromCPU(_columns.AsSpan(c0, cols));
        DeviceOps<T>.Instance.Fused<TChain, TVariances>(engine, tile, rowVariances, columnVariances, _chain);
        engine.Accelerator.Synchronize();
        return tile;
    }

    /// <summary>Fills the strict lower triangle of a square tile (row stride <paramref name="stride"/>) from its upper triangle, in parallel over 64-row bands.</summary>
    private static unsafe void MirrorLower(T* tile, int size, int stride)
    {
        const int Band = 64;
        nint address = (nint)tile;
        Parallel.For(0, (size + Band - 1) / Band, band =>
        {
            T* m = (T*)address;
            for (int cb = 0; cb <= band * Band; cb += Band)
                for (int r = band * Band; r < Math.Min(size, (band + 1) * Band); r++)
                    for (int c = cb; c < Math.Min(r, cb + Band); c++)
                        m[(long)r * stride + c] = m[(long)c * stride + r];
        });
    }

    /// <summary>
    /// Blocks of four columns <paramref name="firstBlock"/>…<paramref name="endBlock"/>−1 of one row (of
    /// <paramref name="cols"/> columns) through the chain, two blocks per step. Optimized from the first call: a large
    /// first kernel must not run its hot loop unoptimized.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Row(TChain chain, TVariances row, TColumns[] blocks, T* k, T* t, int firstBlock, int endBlock, int cols)
    {
        bool wantNtk = t != null;
        var zero = Vector256<double>.Zero;
        int pairsEnd = Math.Min(endBlock, cols / 4);
        int b = firstBlock;
        for (; b + 1 < pairsEnd; b += 2)
        {
            var pair = chain.Entries(Load(k + 4 * b), zero, blocks[b], Load(k + 4 * b + 4), zero, blocks[b + 1], row);
            Store(pair.First.Nngp, k + 4 * b);
            Store(pair.Second.Nngp, k + 4 * b + 4);
            if (!wantNtk) continue;
            Store(pair.First.Ntk, t + 4 * b);
            Store(pair.Second.Ntk, t + 4 * b + 4);
        }
        // What is left: one full block of four and/or a partial one (padded by repeating its last entry).
        Span<double> lanes = stackalloc double[4];
        for (; b < endBlock; b++)
        {
            int j = 4 * b, count = Math.Min(4, cols - j);
            for (int lane = 0; lane < 4; lane++) lanes[lane] = double.CreateTruncating(k[j + Math.Min(lane, count - 1)]);
            var entry = chain.Entries(Vector256.Create<double>(lanes), zero, blocks[b], Vector256.Create<double>(lanes), zero, blocks[b], row).First;
            for (int lane = 0; lane < count; lane++)
            {
                k[j + lane] = T.CreateTruncating(entry.Nngp.GetElement(lane));
                if (wantNtk) t[j + lane] = T.CreateTruncating(entry.Ntk.GetElement(lane));
            }
        }
    }

    /// <summary>Four stored values widened to double.</summary>
    private static unsafe Vector256<double> Load(T* source)
    {
        if (typeof(T) == typeof(double)) return Vector256.Load((double*)source);
        var single = Vector128.Load((float*)source);
        return Vector256.Create(Vector128.WidenLower(single), Vector128.WidenUpper(single));
    }

    /// <summary>Four values rounded to the storage type.</summary>
    private static unsafe void Store(Vector256<double> values, T* target)
    {
        if (typeof(T) == typeof(double)) values.Store((double*)target);
        else Vector256.Narrow(values, values).GetLower().Store((float*)target);
    }

    private (TVariances[] States, T[] Output) Map(T[] variances)
    {
        var states = new TVariances[variances.Length];
        var output = new T[variances.Length];
        for (int i = 0; i < variances.Length; i++)
        {
            states[i] = _chain.Variances(double.CreateTruncating(variances[i]));
            output[i] = T.CreateTruncating(_chain.OutputVariance(states[i]));
        }
        return (states, output);
    }
}
