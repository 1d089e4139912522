using System.ComponentModel;
using System.Runtime.Intrinsics;

namespace NeuralTangents.CompilerServices;

/// <summary>
/// A fused chain that also runs the entries of a row a vector at a time (SIMD), for the CPU: the engine runs it as a
/// parallel host loop, where ILGPU's CPU accelerator would simulate GPU threads one entry at a time. The scalar
/// <see cref="IFusedChain{TVariances}.Entry"/> remains the device kernel's (GPU) path.
/// Called by generated <c>[Network]</c> code; hidden from IntelliSense and not meant to be used directly.
/// </summary>
/// <typeparam name="TVariances">The per-item variances (see <see cref="IFusedChain{TVariances}"/>).</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IVectorizedChain<TVariances> : IFusedChain<TVariances> where TVariances : unmanaged
{
    /// <summary>How many variances of a column item the chain reads per entry (one per nonlinearity).</summary>
    int Slots { get; }

    /// <summary>Variance <paramref name="slot"/> (0 ≤ slot &lt; <see cref="Slots"/>) of an item; the engine packs them by vector, once per tile.</summary>
    double SlotVariance(TVariances item, int slot);

    /// <summary>
    /// Carries two vectors of four entries (x1ᵢ, x2ⱼ…) of one row through the chain, computed interleaved: the chain
    /// is one long dependency per entry, so two independent vectors keep the core busy.
    /// </summary>
    /// <param name="nngp0">The first vector's input kernel.</param>
    /// <param name="ntk0">The first vector's input NTK.</param>
    /// <param name="columns0">The first vector's column variances, one vector per slot.</param>
    /// <param name="nngp1">The second vector's input kernel.</param>
    /// <param name="ntk1">The second vector's input NTK.</param>
    /// <param name="columns1">The second vector's column variances, one vector per slot.</param>
    /// <param name="row">The row item's variances.</param>
    VectorEntryPair<Vector256<double>> Entries(Vector256<double> nngp0, Vector256<double> ntk0, ReadOnlySpan<Vector256<double>> columns0,
        Vector256<double> nngp1, Vector256<double> ntk1, ReadOnlySpan<Vector256<double>> columns1, TVariances row);

    /// <summary>As the four-lane <c>Entries</c>, with vectors of eight entries (AVX-512); every lane gives the same value at both widths.</summary>
    /// <param name="nngp0">The first vector's input kernel.</param>
    /// <param name="ntk0">The first vector's input NTK.</param>
    /// <param name="columns0">The first vector's column variances, one vector per slot.</param>
    /// <param name="nngp1">The second vector's input kernel.</param>
    /// <param name="ntk1">The second vector's input NTK.</param>
    /// <param name="columns1">The second vector's column variances, one vector per slot.</param>
    /// <param name="row">The row item's variances.</param>
    VectorEntryPair<Vector512<double>> Entries(Vector512<double> nngp0, Vector512<double> ntk0, ReadOnlySpan<Vector512<double>> columns0,
        Vector512<double> nngp1, Vector512<double> ntk1, ReadOnlySpan<Vector512<double>> columns1, TVariances row);
}
