using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Layers;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>One tile of a network whose inputs keep spatial axes: the spatial input covariances, then the layers (with masks when given).</summary>
internal static partial class KernelComputation
{
    /// <summary>
    /// The tile at <paramref name="origin"/>: the spatial input covariances of its rows and columns uploaded, then
    /// propagated through the network (or a split kernel's interpreted head and fused tail when unmasked).
    /// </summary>
    private static KernelTile<T> ComputeSpatialTile<T>(LayerBase network, ITileKernel<T> tiles, KernelEngine engine, SpatialGram<T> gram, SpatialDemand spatial,
        SpatialForm outputForm, TileOrigin origin, int rows, int cols, bool wantNtk, int[] inputShape, T[] staging, (bool[] Rows, bool[] Cols)? masks)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layout = spatial.InputLayout;
        int r0 = origin.Row0, c0 = origin.Col0;
        long per = layout.EntriesPerPair;
        long entries = (long)rows * cols * per;
        var span = staging.AsSpan(0, (int)entries);
        gram.Cross(r0, rows, c0, cols, span);
        var nngp = engine.Allocate<T>(entries);
        nngp.Flat().SubView(0, entries).CopyFromCPU(span);
        MemoryBuffer1D<T, Stride1D.Dense>? ntk = null;
        if (wantNtk)
        {
            ntk = engine.Allocate<T>(entries);
            ntk.MemSetToZero();
        }
        var cov1 = engine.Allocate<T>(rows * per);
        gram.Own(second: false, r0, rows, span[..(int)(rows * per)]);
        cov1.Flat().SubView(0, rows * per).CopyFromCPU(span[..(int)(rows * per)]);
        var cov2 = engine.Allocate<T>(cols * per);
        gram.Own(second: true, c0, cols, span[..(int)(cols * per)]);
        cov2.Flat().SubView(0, cols * per).CopyFromCPU(span[..(int)(cols * per)]);
        var tile = new KernelTile<T>(nngp, ntk, cov1, cov2, rows, cols, new BranchSignature(inputShape, isGaussian: false), layout)
        {
            Demand = new[] { outputForm == SpatialForm.Full ? SpatialForm.Full : SpatialForm.Diagonal },
            Origin = origin,
            Mask1 = masks?.Rows,
            Mask2 = masks?.Cols,
        };
        // A generated split kernel (interpreted head, fused tail) runs unmasked tiles; masked ones take the layers' mask rules.
        var result = masks is null && tiles is ISpatialTileKernel<T> split
            ? split.Propagate(tile, engine)
            : network.PropagateWithMasks(new[] { tile }, engine)[0];
        // Pooling at the top builds the full form; keep the diagonal when only that is asked for.
        if (outputForm == SpatialForm.Diagonal) result = SpatialTiles.ToDiagonal(engine, result);
        engine.Accelerator.Synchronize();
        return result;
    }
}
