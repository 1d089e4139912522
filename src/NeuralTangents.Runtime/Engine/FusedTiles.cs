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

    public BranchSignature ComputeOnHost(GramBlocks<T> gram, int r0, int rows, int c0, int cols, Span<T> nngp, Span<T> ntk, Span<T> cov1, Span<T> cov2)
    {
        gram.Cross(r0, rows, c0, cols, nngp);
        _rowOutput.AsSpan(r0, rows).CopyTo(cov1);
        _columnOutput.AsSpan(c0, cols).CopyTo(cov2);
        HostEntries(nngp, ntk, r0, rows, c0, cols);
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
    /// The chain on every entry of the tile (nngp in place, ntk written when not empty), rows in parallel, four
    /// columns per step.
    /// </summary>
    private unsafe void HostEntries(Span<T> nngp, Span<T> ntk, int r0, int rows, int c0, int cols)
    {
        var chain = _chain;
        var rowStates = _rows;
        bool wantNtk = !ntk.IsEmpty;
        // Column variances packed four by four once for the tile (the last block repeats its last column).
        var blocks = new TColumns[(cols + 3) / 4];
        for (int b = 0; b < blocks.Length; b++)
        {
            int j = c0 + 4 * b, last = c0 + cols - 1;
            blocks[b] = chain.Columns(_columns[j], _columns[Math.Min(j + 1, last)], _columns[Math.Min(j + 2, last)], _columns[Math.Min(j + 3, last)]);
        }
        fixed (T* nngpStart = nngp)
        fixed (T* ntkStart = ntk)
        {
            nint nngpAddress = (nint)nngpStart, ntkAddress = (nint)ntkStart;
            Parallel.For(0, rows, r => Row(chain, rowStates[r0 + r], blocks, (T*)nngpAddress + (long)r * cols,
                wantNtk ? (T*)ntkAddress + (long)r * cols : null, cols));
        }
    }

    /// <summary>One row of the tile. Optimized from the first call: a large first kernel must not run its hot loop unoptimized.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Row(TChain chain, TVariances row, TColumns[] blocks, T* k, T* t, int cols)
    {
        bool wantNtk = t != null;
        int full = cols / 4;
        for (int b = 0; b < full; b++)
        {
            var entry = chain.Entries(Load(k + 4 * b), Vector256<double>.Zero, row, blocks[b]);
            Store(entry.Nngp, k + 4 * b);
            if (wantNtk) Store(entry.Ntk, t + 4 * b);
        }
        int rest = cols - 4 * full;
        if (rest > 0)
        {
            Span<double> lanes = stackalloc double[4];
            for (int lane = 0; lane < 4; lane++) lanes[lane] = double.CreateTruncating(k[4 * full + Math.Min(lane, rest - 1)]);
            var entry = chain.Entries(Vector256.Create<double>(lanes), Vector256<double>.Zero, row, blocks[full]);
            for (int lane = 0; lane < rest; lane++)
            {
                k[4 * full + lane] = T.CreateTruncating(entry.Nngp.GetElement(lane));
                if (wantNtk) t[4 * full + lane] = T.CreateTruncating(entry.Ntk.GetElement(lane));
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
