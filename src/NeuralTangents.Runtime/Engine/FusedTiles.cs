using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.CompilerServices;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>
/// The fused path: the input kernel, then the generated chain on every entry of the tile. On a GPU that is one
/// device kernel; on the CPU accelerator, whose simulated GPU threads run one entry at a time, it is a parallel
/// host loop over rows that carries two vectors of entries per step (SIMD, the widest vectors the processor runs
/// natively: <see cref="HostLanes8"/> or <see cref="HostLanes4"/>). The per-item variances the chain needs are
/// computed once per computation on the host (they depend on one item only); the output variances come from them.
/// </summary>
internal sealed class FusedTiles<T, TChain, TVariances> : IHostTileKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TChain : struct, IVectorizedChain<TVariances>
    where TVariances : unmanaged
{
    private readonly TChain _chain;
    private TVariances[] _rows = Array.Empty<TVariances>(), _columns = Array.Empty<TVariances>();
    private T[] _rowOutput = Array.Empty<T>(), _columnOutput = Array.Empty<T>();
    /// <summary>
    /// The input kernel of a symmetric band whose nngp is not wanted, allocated for the first (widest) band and reused
    /// by the later ones: bands run one after another.
    /// </summary>
    private T[] _bandScratch = Array.Empty<T>();
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
        if (HostLaneWidth.EightLanes) Rows<Vector512<double>, HostLanes8>(r0, rows, c0, cols, nngp, ntk, stride, gram.Cancellation);
        else Rows<Vector256<double>, HostLanes4>(r0, rows, c0, cols, nngp, ntk, stride, gram.Cancellation);
        return _output!;
    }

    /// <summary>Rows of a tile in parallel, one row per job; <paramref name="cancellation"/> is checked before each row.</summary>
    private unsafe void Rows<TVector, TLanes>(int r0, int rows, int c0, int cols, T* nngp, T* ntk, int stride, CancellationToken cancellation)
        where TVector : unmanaged where TLanes : struct, IHostLanes<TVector>
    {
        var columns = PackColumns<TVector, TLanes>(c0, cols);
        int blocks = (cols + TLanes.Count - 1) / TLanes.Count;
        var chain = _chain;
        var rowStates = _rows;
        nint nngpAddress = (nint)nngp, ntkAddress = (nint)ntk;
        Parallel.For(0, rows, new ParallelOptions { CancellationToken = cancellation }, r => Row<TVector, TLanes>(chain, rowStates[r0 + r], columns, (T*)nngpAddress + (long)r * stride,
            ntkAddress == 0 ? null : (T*)ntkAddress + (long)r * stride, 0, blocks, cols));
    }

    public unsafe BranchSignature ComputeSymmetricBand(GramBlocks<T> gram, int r0, int rows, T* nngp, T* ntk, int n)
    {
        int cols = n - r0;
        // Without a wanted nngp the chain still needs the input kernel: the band then lives in scratch memory.
        if (nngp == null && _bandScratch.LongLength < (long)rows * cols) _bandScratch = new T[(long)rows * cols];
        var scratch = nngp == null ? _bandScratch : null;
        fixed (T* band = scratch)
        {
            T* k = nngp == null ? band : nngp + (long)r0 * n + r0;
            T* t = ntk == null ? null : ntk + (long)r0 * n + r0;
            int kStride = nngp == null ? cols : n;
            // The band's rows against every item from its first row on: the diagonal block and everything right of it.
            gram.Cross(r0, rows, r0, cols, new Span<T>(k, (rows - 1) * kStride + cols), kStride);
            bool mirrorNngp = nngp != null;
            if (HostLaneWidth.EightLanes) Band<Vector512<double>, HostLanes8>(_chain, _rows, PackColumns<Vector512<double>, HostLanes8>(r0, cols), r0, rows, cols, k, kStride, mirrorNngp, t, n, gram.Cancellation);
            else Band<Vector256<double>, HostLanes4>(_chain, _rows, PackColumns<Vector256<double>, HostLanes4>(r0, cols), r0, rows, cols, k, kStride, mirrorNngp, t, n, gram.Cancellation);
        }
        return _output!;
    }

    /// <summary>
    /// The chain over a band in parallel jobs of <see cref="BandColumns"/> columns. Each job carries its columns
    /// through the chain, then (while they are in cache) writes their transposes into the rows of later bands. Rows in
    /// the diagonal block start at their own vector of columns; what they compute left of the diagonal is overwritten
    /// by the mirror of the diagonal block, after every job has finished with it. <paramref name="cancellation"/> is checked
    /// before each job (a band of 6000 items runs for about a second on two cores).
    /// </summary>
    private static unsafe void Band<TVector, TLanes>(TChain chain, TVariances[] rowStates, TVector[] columns, int r0, int rows, int cols,
        T* k, int kStride, bool mirrorNngp, T* t, int tStride, CancellationToken cancellation) where TVector : unmanaged where TLanes : struct, IHostLanes<TVector>
    {
        int width = TLanes.Count;
        nint kAddress = (nint)k, tAddress = (nint)t;
        int jobs = (cols + BandColumns - 1) / BandColumns;
        Parallel.For(0, jobs, new ParallelOptions { CancellationToken = cancellation }, job =>
        {
            T* kb = (T*)kAddress, tb = (T*)tAddress;
            int start = job * BandColumns, end = Math.Min(cols, start + BandColumns);
            for (int r = 0; r < rows; r++)
            {
                int first = Math.Max(start, r / width * width);
                if (first >= end) break;
                Row<TVector, TLanes>(chain, rowStates[r0 + r], columns, kb + (long)r * kStride, tb == null ? null : tb + (long)r * tStride, first / width,
                    (end + width - 1) / width, cols);
            }
            int below = Math.Max(start, rows);
            if (below >= end) return;
            if (mirrorNngp) HostMirror<T>.Transpose(kb, kStride, rows, below, end);
            if (tb != null) HostMirror<T>.Transpose(tb, tStride, rows, below, end);
        });
        if (mirrorNngp) HostMirror<T>.MirrorLower(k, Math.Min(rows, cols), kStride);
        if (t != null) HostMirror<T>.MirrorLower(t, Math.Min(rows, cols), tStride);
    }

    public void OutputVariances(int first, Span<T> target) => _rowOutput.AsSpan(first, target.Length).CopyTo(target);

    /// <summary>Columns per job of a symmetric band: a band's rows × these columns of nngp and ntk stay in the core's L2 cache.</summary>
    private const int BandColumns = 64;

    /// <summary>
    /// The column variances of columns c0…c0+cols−1 packed a vector of columns at a time, the chain's slots of each
    /// block consecutive (the last block repeats its last column).
    /// </summary>
    private TVector[] PackColumns<TVector, TLanes>(int c0, int cols) where TVector : unmanaged where TLanes : struct, IHostLanes<TVector>
    {
        int width = TLanes.Count, slots = _chain.Slots, blocks = (cols + width - 1) / width, last = c0 + cols - 1;
        var packed = new TVector[blocks * slots];
        Span<double> lanes = stackalloc double[width];
        for (int b = 0; b < blocks; b++)
        {
            for (int slot = 0; slot < slots; slot++)
            {
                for (int lane = 0; lane < width; lane++) lanes[lane] = _chain.SlotVariance(_columns[Math.Min(c0 + width * b + lane, last)], slot);
                packed[b * slots + slot] = TLanes.Create(lanes);
            }
        }
        return packed;
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

    /// <summary>
    /// Blocks of <see cref="IHostLanes{TVector}.Count"/> columns <paramref name="firstBlock"/>…<paramref name="endBlock"/>−1
    /// of one row (of <paramref name="cols"/> columns) through the chain, two blocks per step. Optimized from the first
    /// call: a large first kernel must not run its hot loop unoptimized.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Row<TVector, TLanes>(TChain chain, TVariances row, TVector[] columns, T* k, T* t, int firstBlock, int endBlock, int cols)
        where TVector : unmanaged where TLanes : struct, IHostLanes<TVector>
    {
        bool wantNtk = t != null;
        int width = TLanes.Count, slots = chain.Slots;
        var zero = TLanes.Create(0);
        int pairsEnd = Math.Min(endBlock, cols / width);
        int b = firstBlock;
        for (; b + 1 < pairsEnd; b += 2)
        {
            var pair = TLanes.Entries(chain, Load<TVector, TLanes>(k + width * b), zero, new ReadOnlySpan<TVector>(columns, b * slots, slots),
                Load<TVector, TLanes>(k + width * (b + 1)), zero, new ReadOnlySpan<TVector>(columns, (b + 1) * slots, slots), row);
            Store<TVector, TLanes>(pair.First.Nngp, k + width * b);
            Store<TVector, TLanes>(pair.Second.Nngp, k + width * (b + 1));
            if (!wantNtk) continue;
            Store<TVector, TLanes>(pair.First.Ntk, t + width * b);
            Store<TVector, TLanes>(pair.Second.Ntk, t + width * (b + 1));
        }
        // What is left: one full block and/or a partial one (padded by repeating its last entry).
        Span<double> lanes = stackalloc double[width];
        for (; b < endBlock; b++)
        {
            int j = width * b, count = Math.Min(width, cols - j);
            for (int lane = 0; lane < width; lane++) lanes[lane] = double.CreateTruncating(k[j + Math.Min(lane, count - 1)]);
            var block = new ReadOnlySpan<TVector>(columns, b * slots, slots);
            var input = TLanes.Create(lanes);
            var entry = TLanes.Entries(chain, input, zero, block, input, zero, block, row).First;
            for (int lane = 0; lane < count; lane++)
            {
                k[j + lane] = T.CreateTruncating(TLanes.Element(entry.Nngp, lane));
                if (wantNtk) t[j + lane] = T.CreateTruncating(TLanes.Element(entry.Ntk, lane));
            }
        }
    }

    /// <summary>A vector of stored values widened to double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TVector Load<TVector, TLanes>(T* source) where TVector : unmanaged where TLanes : struct, IHostLanes<TVector> =>
        typeof(T) == typeof(double) ? TLanes.Load((double*)source) : TLanes.Load((float*)source);

    /// <summary>A vector of values rounded to the storage type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store<TVector, TLanes>(TVector values, T* target) where TVector : unmanaged where TLanes : struct, IHostLanes<TVector>
    {
        if (typeof(T) == typeof(double)) TLanes.Store(values, (double*)target);
        else TLanes.Store(values, (float*)target);
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
