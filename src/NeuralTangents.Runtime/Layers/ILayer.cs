using System.Numerics;
using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Random;

namespace NeuralTangents;

/// <summary>
/// A layer (or a whole network) with the three faces of Neural Tangents' <c>stax</c>: the finite network's
/// <see cref="Init{T}"/> and <see cref="Apply{T}"/>, and the infinite-width <see cref="KernelFn{T}"/>.
/// Build layers with the <see cref="Stax"/> factory; they are immutable and can be reused and composed.
/// </summary>
public interface ILayer
{
    /// <summary>A readable description with the hyperparameters, e.g. <c>Dense(512, wStd=1.5, bStd=0.05)</c>.</summary>
    string Name { get; }

    /// <summary>The output shape for an input shape (batch axis first; -1 for an unknown batch size).</summary>
    /// <exception cref="NetworkDefinitionException">The input does not fit the layer.</exception>
    int[] OutputShape(int[] inputShape);

    /// <summary>Draws the parameters of the finite network for inputs of <paramref name="inputShape"/>.</summary>
    Parameters<T> Init<T>(PrngKey key, int[] inputShape) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Runs the finite network.</summary>
    /// <param name="parameters">The parameters <see cref="Init{T}"/> drew.</param>
    /// <param name="x">The inputs, batch axis first.</param>
    /// <param name="pattern">The graphs of the items for the network's Aggregate layers (one per item of <paramref name="x"/>); null makes them the identity, as in Neural Tangents.</param>
    /// <param name="maskConstant">
    /// Marks absent entries of variable-length inputs (Neural Tangents' <c>mask_constant</c>; NaN marks NaN entries): they
    /// are zeroed, every layer's input is zeroed at the masked positions, global average pooling averages the unmasked
    /// positions only, and the outputs are zero where they stay masked (Neural Tangents' <c>unmask_fn</c>). Needs
    /// inputs with spatial axes. Null masks nothing.
    /// </param>
    /// <exception cref="ArgumentException">
    /// <paramref name="x"/> has NaN or infinite values or a feature shape other than the one the parameters were
    /// initialized for, <paramref name="parameters"/> belong to another network, or <paramref name="pattern"/> does not
    /// match the items or the aggregated axes.
    /// </exception>
    /// <exception cref="NotSupportedException">A mask constant with inputs without spatial axes, or a layer that does not take masks.</exception>
    Tensor<T> Apply<T>(Parameters<T> parameters, Tensor<T> x, GraphPattern? pattern = null, double? maskConstant = null) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>
    /// The infinite-width kernels of the network for x1 against x2 (x1 against itself when
    /// <paramref name="x2"/> is null), computed in tiles on the engine of <paramref name="options"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Inputs of the wrong rank or feature shape, or with NaN/infinite values.</exception>
    /// <exception cref="NetworkDefinitionException">The network has no closed-form kernel for these inputs.</exception>
    /// <exception cref="InsufficientMemoryException">The result cannot fit the allowed memory (checked before allocating).</exception>
    Kernel<T> KernelFn<T>(Tensor<T> x1, Tensor<T>? x2 = null, KernelOutputs get = KernelOutputs.Both, KernelOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>;
}
