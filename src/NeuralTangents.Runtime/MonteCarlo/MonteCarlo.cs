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
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samples"/> is less than 1.</exception>
    public static MonteCarloKernelFunction KernelFn(ILayer network, PrngKey key, int samples)
    {
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "At least one sample is needed.");
        return new MonteCarloKernelFunction(LayerBase.From(network, nameof(network)), key, samples);
    }
}
