using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.MonteCarlo;

/// <summary>Runs one analytic-vs-Monte-Carlo comparison on the shared inputs.</summary>
internal static class MonteCarloCase
{
    /// <summary>The root key of every estimate (networks of different architectures draw unrelated parameters).</summary>
    public static readonly PrngKey Key = new(20240917);

    /// <summary>
    /// Standard normal items (by default three with five features, whose |x|²/d are 1.26, 0.39 and 1.82, so that
    /// the variances q1 ≠ q2 and the correlations differ per pair); with <paramref name="unitRows"/> every row is
    /// scaled to |x|² = d (the input-kernel diagonal is 1, for activations whose dual assumes unit variance).
    /// </summary>
    public static Tensor<double> Inputs(bool unitRows = false, int rows = 3, int features = 5, ulong seed = 7)
    {
        var x = TestInputs.Normal<double>(rows, features, seed);
        if (!unitRows) return x;
        for (int i = 0; i < rows; i++)
        {
            double norm = 0;
            for (int j = 0; j < features; j++) norm += x[i, j] * x[i, j];
            double scale = Math.Sqrt(features / norm);
            for (int j = 0; j < features; j++) x.Data[i * features + j] *= scale;
        }
        return x;
    }

    /// <summary>Computes both kernels analytically and by Monte Carlo and compares them within 4σ.</summary>
    public static void Check(ILayer network, Tensor<double> x1, Tensor<double>? x2, int samples, double maxRelativeError, KernelOptions options, string label)
    {
        var analytic = network.KernelFn(x1, x2, KernelOutputs.Both, options);
        var estimate = NeuralTangents.MonteCarlo.KernelFn(network, Key, samples).Compute(x1, x2);
        MonteCarloAssert.Matches(analytic, estimate, label, maxRelativeError);
    }
}
