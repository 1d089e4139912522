using System.Numerics;
using System.Runtime.InteropServices;
using NeuralTangents.Engine;
using NeuralTangents.Layers;
using NeuralTangents.Rules;

namespace NeuralTangents;

/// <summary>
/// What a kernel computation will build, known before anything runs: the spatial covariance form (none,
/// diagonal-spatial N1·N2·S or full pixel-pair N1·N2·S²), the device memory per pair of items and per tile,
/// and the tiling within the memory budget.
/// </summary>
public sealed record KernelPlanInfo
{
    /// <summary>"none" (no spatial axes reach the engine), "diagonal-spatial" or "full".</summary>
    public required string CovarianceForm { get; init; }

    /// <summary>A readable description of the input covariance layout, e.g. "full 8×8 × 8×8".</summary>
    public required string InputLayout { get; init; }

    /// <summary>Device bytes per pair of items (all live arrays, staging included).</summary>
    public required long BytesPerPair { get; init; }

    /// <summary>Rows × columns of the largest tile.</summary>
    public required (int Rows, int Cols) Tile { get; init; }

    /// <summary>Device bytes of the largest tile (one N1×N2 block).</summary>
    public required long BytesPerTile { get; init; }

    /// <summary>Tiles that will be computed.</summary>
    public required int Tiles { get; init; }

    /// <summary>
    /// How the kernel is computed and why: the pair-major host plan with its fused passes (e.g. "Conv + Relu ; …"), or
    /// the interpreted layers with the reason the plan does not cover the network.
    /// </summary>
    public required string Path { get; init; }

    /// <summary>
    /// Plans the computation of <paramref name="network"/>'s kernels for N1 = <paramref name="n1"/> inputs of
    /// <paramref name="inputShape"/> (batch axis first, any batch size) against N2 = <paramref name="n2"/> (x1 against
    /// itself when null), in precision <typeparamref name="T"/>.
    /// </summary>
    /// <exception cref="NetworkDefinitionException">The network has no kernel for these inputs.</exception>
    /// <exception cref="InsufficientMemoryException">Not even one pair fits the memory budget (the message gives the bytes and remedies).</exception>
    public static KernelPlanInfo For<T>(ILayer network, int[] inputShape, int n1, int? n2 = null, KernelOutputs get = KernelOutputs.Both, KernelOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layer = LayerBase.From(network, nameof(network));
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length < 2) throw new ArgumentException($"inputShape must be (batch, …, channels), got rank {inputShape.Length}.", nameof(inputShape));
        if (n1 < 1 || n2 is < 1) throw new ArgumentOutOfRangeException(nameof(n1), "n1 and n2 must be at least 1.");
        options ??= KernelOptions.Default;
        var shape = (int[])inputShape.Clone();
        shape[0] = -1;
        layer.Infer(new[] { new Rules.BranchSignature(shape, isGaussian: false) }, forKernel: true);
        var plan = KernelComputation.PlanFor(layer, shape, n1, n2 ?? n1, Marshal.SizeOf<T>(), (get & KernelOutputs.Ntk) != 0, symmetric: n2 is null,
            options, options.Engine ?? KernelEngine.Default);
        return new KernelPlanInfo
        {
            CovarianceForm = CovarianceDemand.Describe(plan.Spatial?.InputForm ?? SpatialForm.None),
            InputLayout = plan.Spatial?.InputLayout.ToString() ?? SpatialLayout.None.ToString(),
            BytesPerPair = plan.BytesPerEntry,
            Tile = (plan.RowTile, plan.ColTile),
            BytesPerTile = plan.TileBytes,
            Tiles = plan.TilesComputed,
            Path = KernelComputation.PathFor<T>(layer, shape, n2 ?? n1, options, options.Engine ?? KernelEngine.Default),
        };
    }
}
