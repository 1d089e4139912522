using NeuralTangents.Layers;
using NeuralTangents.Rules;

namespace NeuralTangents.Engine;

/// <summary>The output form and the tile plan, decided from shapes alone before anything is allocated.</summary>
internal static partial class KernelComputation
{
    /// <summary>The form of the returned kernels: none for items × channels outputs, else the one the options ask for.</summary>
    internal static SpatialForm OutputForm(BranchSignature output, KernelOptions options) =>
        output.Shape.Length <= 2 ? SpatialForm.None : options.DiagonalSpatial ? SpatialForm.Diagonal : SpatialForm.Full;

    /// <summary>
    /// The tile plan of the device and interpreted paths for inputs of <paramref name="inputShape"/> (batch axis first),
    /// spatial or not, before anything is allocated (host paths cut the same kernel into rows of GEMM cells instead).
    /// </summary>
    internal static TilePlan PlanFor(LayerBase network, int[] inputShape, int n1, int n2, int elementSize, bool wantNtk, bool symmetric, KernelOptions options, KernelEngine engine)
    {
        var shape = (int[])inputShape.Clone();
        shape[0] = -1;
        var output = network.Infer(new[] { new BranchSignature(shape, isGaussian: false) }, forKernel: true);
        var outputForm = output.Length == 1 ? OutputForm(output[0], options) : SpatialForm.None;
        var spatial = StartsWithFlatten(network) ? null : DemandFor(network, shape, outputForm);
        return TilePlan.Create(n1, n2, elementSize, wantNtk ? 2 : 1, network.PeakBranches(1),
            options.MemoryBudgetBytes ?? engine.DefaultMemoryBudgetBytes, options.TileSize, symmetric, spatial, engine.ResponsiveTileBytes);
    }

    /// <summary>
    /// The spatial covariance plan for kernel inputs of <paramref name="kernelShape"/> (null without spatial axes) when
    /// the output is wanted in <paramref name="outputForm"/>; outputs without spatial axes need the default demand.
    /// </summary>
    private static SpatialDemand? DemandFor(LayerBase network, int[] kernelShape, SpatialForm outputForm) =>
        kernelShape.Length > 2 ? SpatialDemand.For(network, kernelShape, outputForm == SpatialForm.None ? CovarianceDemand.OfOutput : outputForm) : null;
}
