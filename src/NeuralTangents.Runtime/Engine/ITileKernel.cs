using System.Numerics;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>
/// How one tile of a kernel computation is propagated from the inputs to the network's output: through the
/// interpreted layers (<see cref="InterpretedTiles{T}"/>) or a generated fused chain (<see cref="FusedTiles{T, TChain, TVariances}"/>).
/// <see cref="KernelComputation"/> owns everything around it: validation, tiling, the input GEMM, mirroring, progress.
/// </summary>
internal interface ITileKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Tile-sized arrays per kernel kind alive at once (for memory planning).</summary>
    int PeakBranches { get; }

    /// <summary>Host-side preparation once per computation, before the first tile.</summary>
    void Prepare(GramBlocks<T> gram, BranchSignature output);

    /// <summary>Computes one tile: rows r0…r0+rows−1 of x1 against columns c0…c0+cols−1 of x2.</summary>
    KernelTile<T> Compute(KernelEngine engine, GramBlocks<T> gram, int r0, int rows, int c0, int cols, bool wantNtk, int[] inputShape, T[] staging);
}
