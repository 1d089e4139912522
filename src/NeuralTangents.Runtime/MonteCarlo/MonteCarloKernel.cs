using System.Numerics;

namespace NeuralTangents;

/// <summary>
/// A Monte Carlo kernel estimate: the mean over <see cref="Samples"/> random finite networks of their
/// empirical NNGP and NTK (traced over the output channels), with the standard error of each entry.
/// </summary>
public sealed record MonteCarloKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Mean empirical NNGP f(x1)·f(x2)ᵀ/K, N1 × N2 (followed by the spatial axes for spatial outputs, as in <see cref="Kernel{T}"/>); null when not requested.</summary>
    public Tensor<T>? Nngp { get; init; }

    /// <summary>Mean empirical NTK J(x1)·J(x2)ᵀ/K, shaped like <see cref="Nngp"/>; null when not requested.</summary>
    public Tensor<T>? Ntk { get; init; }

    /// <summary>
    /// Standard error of each <see cref="Nngp"/> entry (sample standard deviation / √samples). With a single sample
    /// it is undefined and every entry is NaN (as NumPy's <c>std(ddof=1)</c> of one value); use 2 or more samples
    /// to get standard errors.
    /// </summary>
    public Tensor<T>? NngpStandardError { get; init; }

    /// <summary>Standard error of each <see cref="Ntk"/> entry; NaN with a single sample (see <see cref="NngpStandardError"/>).</summary>
    public Tensor<T>? NtkStandardError { get; init; }

    /// <summary>The number of random networks averaged.</summary>
    public required int Samples { get; init; }
}
