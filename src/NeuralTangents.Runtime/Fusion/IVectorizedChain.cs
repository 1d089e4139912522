using System.Runtime.Intrinsics;

namespace NeuralTangents.Fusion;

/// <summary>
/// A fused chain that also runs entries of a row four at a time (SIMD), for the CPU: the engine runs it as a
/// parallel host loop, where ILGPU's CPU accelerator would simulate GPU threads one entry at a time. The scalar
/// <see cref="IFusedChain{TVariances}.Entry"/> remains the device kernel's (GPU) path.
/// </summary>
/// <typeparam name="TVariances">The per-item variances (see <see cref="IFusedChain{TVariances}"/>).</typeparam>
/// <typeparam name="TColumns">The variances of four column items, one vector per recorded variance.</typeparam>
public interface IVectorizedChain<TVariances, TColumns> : IFusedChain<TVariances> where TVariances : unmanaged where TColumns : unmanaged
{
    /// <summary>Packs the variances of four consecutive column items (computed once per tile, not per row).</summary>
    TColumns Columns(TVariances column0, TVariances column1, TVariances column2, TVariances column3);

    /// <summary>
    /// Carries eight entries (x1ᵢ, x2ⱼ…x2ⱼ₊₇) of one row through the chain, as two groups of four computed
    /// interleaved: the chain is one long dependency per entry, so two independent groups keep the core busy.
    /// </summary>
    VectorEntryPair Entries(Vector256<double> nngp0, Vector256<double> ntk0, TColumns columns0,
        Vector256<double> nngp1, Vector256<double> ntk1, TColumns columns1, TVariances row);
}
