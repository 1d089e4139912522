using NeuralTangents.Random;
using NeuralTangents.Layers;

namespace NeuralTangents;

/// <summary>Monte Carlo estimates of a network's infinite-width kernels from random finite networks.</summary>
public static class MonteCarlo
{
    /// <summary>
    /// A kernel function that averages the empirical NNGP and NTK of <paramref name="samples"/> random
    /// networks of <paramref name="network"/> (the finite widths are the ones the network declares).
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="key">The root key; network s is drawn with <c>key.Child(s)</c>.</param>
    /// <param name="samples">The number of random networks; standard errors need at least 2 (with 1 they are NaN).</param>
    /// <param name="diagonalSpatial">
    /// For outputs that keep spatial axes: false returns the full (N1, N2, H, H', W, W', …) estimates, true only the
    /// same-position ones (N1, N2, H, W, …), in the layouts of <see cref="Kernel{T}"/>.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is less than 1.</exception>
    public static MonteCarloKernelFunction KernelFn(ILayer network, PrngKey key, int samples, bool diagonalSpatial = false)
    {
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "At least one sample is needed.");
        return new MonteCarloKernelFunction(LayerBase.From(network, nameof(network)), key, samples, diagonalSpatial);
    }
}
