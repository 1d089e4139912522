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

    public unsafe BranchSignature ComputeOnHost(GramBlocks<T> gram, int r0, int rows, int c0, int cols, bool diagonal, T* nngp, T* ntk, int stride,
        Span<T> cov1, Span<T> cov2)
    {
        gram.Cross(r0, rows, c0, cols, new Span<T>(nngp, (rows - 1) * stride + cols), stride);
        _rowOutput.AsSpan(r0, rows).CopyTo(cov1);
        _columnOutput.AsSpan(c0, cols).CopyTo(cov2);
        HostEntries(nngp, ntk, stride, r0, rows, c0, cols, diagonal);
        return _output!;
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
    /// The chain on every entry of the tile (nngp in place, ntk written when not empty), rows in parallel, eight
    /// columns per step. A diagonal tile of a symmetric kernel is symmetric: only its upper triangle (from each row's
    /// eight-column block on) is computed, and the rest is mirrored.
    /// </summary>
    private unsafe void HostEntries(T* nngp, T* ntk, int stride, int r0, int rows, int c0, int cols, bool diagonal)
    {
        var chain = _chain;
        var rowStates = _rows;
        // Column variances packed four by four once for the tile (the last block repeats its last column).
        var blocks = new TColumns[(cols + 3) / 4];
        for (int b = 0; b < blocks.Length; b++)
        {
            int j = c0 + 4 * b, last = c0 + cols - 1;
            blocks[b] = chain.Columns(_columns[j], _columns[Math.Min(j + 1, last)], _columns[Math.Min(j + 2, last)], _columns[Math.Min(j + 3, last)]);
        }
        nint nngpAddress = (nint)nngp, ntkAddress = (nint)ntk;
        Parallel.For(0, rows, r => Row(chain, rowStates[r0 + r], blocks, (T*)nngpAddress + (long)r * stride,
            ntkAddress == 0 ? null : (T*)ntkAddress + (long)r * stride, cols, diagonal ? r / 8 * 2 : 0));
        if (!diagonal) return;
        MirrorLower(nngp, rows, stride);
        if (ntk != null) MirrorLower(ntk, rows, stride);
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

    /// <summary>One row of the tile. Optimized from the first call: a large first kernel must not run its hot loop unoptimized.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Row(TChain chain, TVariances row, TColumns[] blocks, T* k, T* t, int cols, int firstBlock)
    {
        bool wantNtk = t != null;
        var zero = Vector256<double>.Zero;
        int full = cols / 4;
        int b = firstBlock;
        for (; b + 1 < full; b += 2)
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
        for (; b < blocks.Length; b++)
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
