using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Fusion;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>
/// The fused path: the input kernel, then one device kernel that carries every entry through a generated
/// chain. The per-item variances the chain needs are computed once per computation on the host (they depend on
/// one item only) and uploaded per tile; the output variances come from them too.
/// </summary>
internal sealed class FusedTiles<T, TChain, TVariances> : ITileKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T> where TChain : struct, IFusedChain<TVariances> where TVariances : unmanaged
{
    private readonly TChain _chain;
    private TVariances[] _rows = Array.Empty<TVariances>(), _columns = Array.Empty<TVariances>();
    private T[] _rowOutput = Array.Empty<T>(), _columnOutput = Array.Empty<T>();
    private BranchSignature? _output;

    public FusedTiles(TChain chain) => _chain = chain;

    /// <summary>The chain works in place on the tile's nngp and ntk: one branch.</summary>
    public int PeakBranches => 1;

    public void Prepare(GramBlocks<T> gram, BranchSignature output)
    {
        _output = output;
        (_rows, _rowOutput) = Map(gram.Variances1);
        (_columns, _columnOutput) = ReferenceEquals(gram.Variances1, gram.Variances2) ? (_rows, _rowOutput) : Map(gram.Variances2);
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
        DeviceOps<T>.Instance.Fused(engine, tile, rowVariances, columnVariances, _chain);
        engine.Accelerator.Synchronize();
        return tile;
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
