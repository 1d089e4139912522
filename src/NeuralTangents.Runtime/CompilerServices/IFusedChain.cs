using System.ComponentModel;

namespace NeuralTangents.CompilerServices;

/// <summary>
/// A chain of pointwise layers compiled into one kernel: each entry (x1ᵢ, x2ⱼ) is read once, carried through
/// every layer in registers and written once. The source generator emits one implementation per chain, with the
/// layers' constants as literals; <see cref="FusedKernel.Compute"/> runs it over tiles of the kernel matrix.
/// Called by generated <c>[Network]</c> code; hidden from IntelliSense and not meant to be used directly.
/// </summary>
/// <remarks>
/// Methods run inside ILGPU kernels: only kernel-safe code (plain arithmetic, <see cref="Duals"/>, <c>XMath</c>).
/// A layer's variance map depends only on the variances before it, so <see cref="Variances"/> is evaluated once
/// per item (not per entry) and its result handed to <see cref="Entry"/> for the row and the column.
/// </remarks>
/// <typeparam name="TVariances">
/// A struct of doubles holding, for one item, the variance entering each layer that needs one, and the chain's
/// output variance.
/// </typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IFusedChain<TVariances> where TVariances : unmanaged
{
    /// <summary>Carries an item's input variance q = K(x, x) through the chain, recording what the entries need.</summary>
    TVariances Variances(double inputVariance);

    /// <summary>The chain's output variance for an item, from its recorded variances.</summary>
    double OutputVariance(TVariances variances);

    /// <summary>Carries one entry through the chain, given the recorded variances of its row item and column item.</summary>
    FusedEntry Entry(double nngp, double ntk, TVariances row, TVariances column);
}
