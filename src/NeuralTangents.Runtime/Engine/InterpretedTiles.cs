using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Layers;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>The interpreted path: the input kernel, then every layer's own kernel rule, one device kernel per step.</summary>
internal sealed class InterpretedTiles<T> : ITileKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly LayerBase _network;

    public InterpretedTiles(LayerBase network) => _network = network;

    public int PeakBranches => _network.PeakBranches(1);

    public void Prepare(GramBlocks<T> gram, BranchSignature output)
    {
    }

    public KernelTile<T> Compute(KernelEngine engine, GramBlocks<T> gram, int r0, int rows, int c0, int cols, bool wantNtk, int[] inputShape, T[] staging)
    {
        var span = staging.AsSpan(0, rows * cols);
        gram.Cross(r0, rows, c0, cols, span);
        var nngp = engine.Allocate<T>((long)rows * cols);
        nngp.Flat().SubView(0, (long)rows * cols).CopyFromCPU(span);
        MemoryBuffer1D<T, Stride1D.Dense>? ntk = null;
        if (wantNtk)
        {
            ntk = engine.Allocate<T>((long)rows * cols);
            ntk.MemSetToZero();
        }
        var cov1 = engine.Allocate<T>(rows);
        cov1.Flat().SubView(0, rows).CopyFromCPU(gram.Variances1.AsSpan(r0, rows));
        var cov2 = engine.Allocate<T>(cols);
        cov2.Flat().SubView(0, cols).CopyFromCPU(gram.Variances2.AsSpan(c0, cols));
        var tile = new KernelTile<T>(nngp, ntk, cov1, cov2, rows, cols, new BranchSignature(inputShape, isGaussian: false))
        {
            Origin = new TileOrigin(r0, c0, gram.SameInputs),
        };
        var result = _network.Propagate(new[] { tile }, engine);
        engine.Accelerator.Synchronize();
        return result[0];
    }
}
