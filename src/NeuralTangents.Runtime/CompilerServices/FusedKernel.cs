using System.ComponentModel;
using System.Numerics;
using NeuralTangents.Engine;
using NeuralTangents.Layers;

namespace NeuralTangents.CompilerServices;

/// <summary>
/// The engine entry point of generated networks: the same tiled computation as <see cref="ILayer.KernelFn{T}"/>
/// (validation, memory planning, the input GEMM on the BLAS backend, symmetric mirroring, progress,
/// cancellation), with the layers after the input replaced by one fused kernel per tile.
/// Called by generated <c>[Network]</c> code; hidden from IntelliSense and not meant to be used directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class FusedKernel
{
    /// <summary>
    /// The kernels of <paramref name="network"/> for x1 against x2, with every layer after the input (and after a
    /// leading Flatten) computed by <paramref name="chain"/>.
    /// </summary>
    /// <param name="network">
    /// The runtime network the chain was generated from: it supplies input validation, shape inference and the
    /// layer rules, so errors read exactly as on the interpreted path. The chain must compute this network's
    /// kernel (the source generator guarantees it; hand-written chains are on their own).
    /// </param>
    /// <param name="chain">The fused chain (scalar for the device kernel, vectorized for the CPU host loop).</param>
    /// <param name="x1">Inputs, items first.</param>
    /// <param name="x2">Second inputs, or null for x1 against itself.</param>
    /// <param name="get">Which kernels to compute.</param>
    /// <param name="options">Engine, memory budget, progress and cancellation; null for the defaults.</param>
    /// <exception cref="ArgumentException">Inputs of the wrong rank or feature shape, or with NaN/infinite values.</exception>
    /// <exception cref="NetworkDefinitionException">The network has no closed-form kernel for these inputs.</exception>
    /// <exception cref="InsufficientMemoryException">The result cannot fit the allowed memory.</exception>
    public static Kernel<T> Compute<T, TChain, TVariances>(ILayer network, TChain chain, Tensor<T> x1, Tensor<T>? x2 = null,
        KernelOutputs get = KernelOutputs.Both, KernelOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TChain : struct, IVectorizedChain<TVariances>
        where TVariances : unmanaged =>
        KernelComputation.Run(LayerBase.From(network, nameof(network)), new FusedTiles<T, TChain, TVariances>(chain), x1, x2, get,
            options ?? KernelOptions.Default);

    /// <summary>
    /// The kernels of <paramref name="network"/> for x1 against x2, computed as the interpreted <paramref name="head"/>
    /// (its leading layers, up to a fusion boundary such as Flatten or a global pool, ending in items × channels
    /// kernels) followed by <paramref name="tail"/>, the fused chain of its remaining pointwise layers, on every tile.
    /// Validation, memory planning (spatial covariance forms included), tiling and errors are the interpreted path's.
    /// </summary>
    /// <param name="network">The whole runtime network (validation, shapes, memory plan).</param>
    /// <param name="head">The layers the tail continues: the network's first layers as a runtime layer.</param>
    /// <param name="tail">The fused chain of the layers after <paramref name="head"/>.</param>
    /// <param name="x1">Inputs, items first (spatial inputs keep their axes).</param>
    /// <param name="x2">Second inputs, or null for x1 against itself.</param>
    /// <param name="get">Which kernels to compute.</param>
    /// <param name="options">Engine, memory budget, progress and cancellation; null for the defaults.</param>
    /// <exception cref="ArgumentException">Inputs of the wrong rank or feature shape, or with NaN/infinite values.</exception>
    /// <exception cref="NetworkDefinitionException">The network has no closed-form kernel for these inputs.</exception>
    /// <exception cref="InsufficientMemoryException">One pair of items or the result cannot fit the allowed memory.</exception>
    public static Kernel<T> ComputeAfter<T, TChain, TVariances>(ILayer network, ILayer head, TChain tail, Tensor<T> x1, Tensor<T>? x2 = null,
        KernelOutputs get = KernelOutputs.Both, KernelOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TChain : struct, IFusedChain<TVariances>
        where TVariances : unmanaged
    {
        var layer = LayerBase.From(network, nameof(network));
        return KernelComputation.Run(layer, new SplitTiles<T, TChain, TVariances>(layer, LayerBase.From(head, nameof(head)), tail), x1, x2, get,
            options ?? KernelOptions.Default);
    }

    /// <summary>
    /// As <see cref="ComputeAfter{T, TChain, TVariances}(ILayer, ILayer, TChain, Tensor{T}, Tensor{T}?, KernelOutputs, KernelOptions?)"/>,
    /// with the whole network's pair-major kernel plan stated by <paramref name="plan"/> at compile time: where the host
    /// plan runs (the CPU, no masks), it runs these steps instead of planning <paramref name="network"/> at run time.
    /// </summary>
    /// <param name="network">The runtime network the plan and the chain were generated from.</param>
    /// <param name="head">The layers before the chain, as a runtime network.</param>
    /// <param name="plan">The generated plan of the whole network.</param>
    /// <param name="tail">The fused chain of the layers after the head.</param>
    /// <param name="x1">Inputs, items first.</param>
    /// <param name="x2">Second inputs, or null for x1 against itself.</param>
    /// <param name="get">Which kernels to compute.</param>
    /// <param name="options">Engine, memory budget, progress and cancellation; null for the defaults.</param>
    public static Kernel<T> ComputeAfter<T, TChain, TVariances>(ILayer network, ILayer head, Action<PlanSteps<T>> plan, TChain tail, Tensor<T> x1,
        Tensor<T>? x2 = null, KernelOutputs get = KernelOutputs.Both, KernelOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TChain : struct, IFusedChain<TVariances>
        where TVariances : unmanaged
    {
        ArgumentNullException.ThrowIfNull(plan);
        var layer = LayerBase.From(network, nameof(network));
        return KernelComputation.Run(layer, new SplitTiles<T, TChain, TVariances>(layer, LayerBase.From(head, nameof(head)), tail)
        {
            GeneratedPlan = builder => plan(new PlanSteps<T>(builder)),
        }, x1, x2, get, options ?? KernelOptions.Default);
    }
}
