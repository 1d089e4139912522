using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.CompilerServices;
using NeuralTangents.Layers;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>
/// A generated network split in two: an interpreted head (the layers up to the last fusion boundary, e.g. Conv and
/// pooling layers ending in Flatten or a global pool, or layers without a fused form) that leaves items × channels
/// kernels, then the generated chain of the pointwise layers after it on every entry of the tile. The chain's
/// per-item variances come from the head's output variances (they depend on one item only, but the head computes
/// them per tile, so they are mapped per tile: rows + cols values, negligible beside the entries).
/// </summary>
internal sealed class SplitTiles<T, TChain, TVariances> : ITileKernel<T>, ISpatialTileKernel<T>, Plan.IGeneratedPlanSource<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TChain : struct, IFusedChain<TVariances>
    where TVariances : unmanaged
{
    private readonly LayerBase _network;
    private readonly LayerBase _head;
    private readonly TChain _tail;
    private readonly InterpretedTiles<T> _interpretedHead;
    /// <summary>
    /// The network's output signature for the last input signature seen: every tile of a computation has the same
    /// input signature, and inferring the whole network's shapes again for each tile would repeat the same work.
    /// </summary>
    private (BranchSignature Input, BranchSignature Output)? _inferred;

    public SplitTiles(LayerBase network, LayerBase head, TChain tail)
    {
        _network = network;
        _head = head;
        _tail = tail;
        _interpretedHead = new InterpretedTiles<T>(head);
    }

    /// <summary>The whole network's pair-major plan as the generated class states it (null: planned from the layers at run time).</summary>
    public Action<Plan.PairPlanBuilder<T>>? GeneratedPlan { get; init; }

    /// <summary>The whole network's peak (an upper bound: the chain keeps its branches in registers).</summary>
    public int PeakBranches => _network.PeakBranches(1);

    public void Prepare(GramBlocks<T> gram, BranchSignature output)
    {
    }

    public KernelTile<T> Compute(KernelEngine engine, GramBlocks<T> gram, int r0, int rows, int c0, int cols, bool wantNtk, int[] inputShape, T[] staging) =>
        Tail(engine, _interpretedHead.Compute(engine, gram, r0, rows, c0, cols, wantNtk, inputShape, staging), new BranchSignature(inputShape, isGaussian: false));

    public KernelTile<T> Propagate(KernelTile<T> input, KernelEngine engine)
    {
        var signature = input.Signature;
        var head = _head.Propagate(new[] { input }, engine);
        return Tail(engine, head[0], signature);
    }

    /// <summary>The chain on the head's output tile, in place; the output variances replace the head's.</summary>
    private KernelTile<T> Tail(KernelEngine engine, KernelTile<T> tile, BranchSignature networkInput)
    {
        if (tile.Layout.Form != SpatialForm.None)
            throw new InvalidOperationException($"The head of a split kernel must end in items × channels kernels, but {_head.Name} leaves {tile.Layout}.");
        var (rowStates, rowOutput) = Map(engine, tile.Cov1, tile.Rows);
        var (columnStates, columnOutput) = Map(engine, tile.Cov2, tile.Cols);
        using var rows = engine.Allocate<TVariances>(tile.Rows);
        using var columns = engine.Allocate<TVariances>(tile.Cols);
        rows.Flat().SubView(0, tile.Rows).CopyFromCPU(rowStates);
        columns.Flat().SubView(0, tile.Cols).CopyFromCPU(columnStates);
        DeviceOps<T>.Instance.FusedTail<TChain, TVariances>(engine, tile, rows, columns, _tail);
        tile.Cov1.Flat().SubView(0, tile.Rows).CopyFromCPU(rowOutput);
        tile.Cov2.Flat().SubView(0, tile.Cols).CopyFromCPU(columnOutput);
        engine.Accelerator.Synchronize();
        tile.Signature = OutputFor(networkInput);
        return tile;
    }

    /// <summary>The network's output signature for <paramref name="input"/>, inferred once per input signature.</summary>
    private BranchSignature OutputFor(BranchSignature input)
    {
        if (_inferred is { } known && known.Input.IsGaussian == input.IsGaussian && known.Input.Shape.AsSpan().SequenceEqual(input.Shape))
            return known.Output;
        var output = _network.Infer(new[] { input }, forKernel: true)[0];
        _inferred = (input, output);
        return output;
    }

    private (TVariances[] States, T[] Output) Map(KernelEngine engine, MemoryBuffer1D<T, Stride1D.Dense> variances, int count)
    {
        engine.Accelerator.Synchronize();
        var values = new T[count];
        variances.Flat().SubView(0, count).CopyToCPU(values);
        var states = new TVariances[count];
        var output = new T[count];
        for (int i = 0; i < count; i++)
        {
            states[i] = _tail.Variances(double.CreateTruncating(values[i]));
            output[i] = T.CreateTruncating(_tail.OutputVariance(states[i]));
        }
        return (states, output);
    }
}
