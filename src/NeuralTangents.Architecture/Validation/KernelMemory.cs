using NeuralTangents.Rules;

namespace NeuralTangents.Architecture.Validation;

/// <summary>
/// The kernel engine's memory plan of a network, as the runtime's <c>SpatialDemand</c> and <c>TilePlan</c> make it
/// (same shared formulas, <see cref="CovarianceDemand"/>): the covariance form of the input, the values per pair of
/// items of the input covariance and of the largest activation in that form, and the most branches alive at once.
/// </summary>
/// <param name="InputForm">The input covariance's form (<see cref="SpatialForm.None"/>: no spatial axes reach the engine).</param>
/// <param name="InputEntriesPerPair">Values per pair of items of the input covariance.</param>
/// <param name="PeakEntriesPerPair">The most values per pair of items any activation holds (an upper bound, as the runtime plans).</param>
/// <param name="PeakBranches">Tile-sized arrays per kernel kind alive at once.</param>
internal sealed record KernelMemory(SpatialForm InputForm, long InputEntriesPerPair, long PeakEntriesPerPair, int PeakBranches)
{
    /// <summary>Device bytes per pair of items (the runtime's <c>KernelPlanInfo.BytesPerPair</c>) for <paramref name="arrays"/> kernel arrays of <paramref name="elementSize"/> bytes.</summary>
    public long BytesPerPair(int elementSize, int arrays) => InputForm == SpatialForm.None
        ? CovarianceDemand.BytesPerPair(elementSize, arrays, PeakBranches)
        : CovarianceDemand.BytesPerPair(elementSize, arrays, PeakBranches, PeakEntriesPerPair, InputEntriesPerPair);
}
