using NeuralTangents;

namespace NeuralTangents.Tests.MonteCarlo;

/// <summary>
/// A fully-connected network of a given depth for a Monte Carlo comparison, and the sample count.
/// Depth d means d hidden layers Dense·φ followed by the readout Dense(<see cref="Outputs"/>).
/// </summary>
/// <remarks>
/// <para>An estimate from networks of finite width has two errors.</para>
/// <para><b>Noise.</b> Per random network the estimate's relative variance is about 2/K from the K readout
/// weights, plus r/n from each hidden layer of width n, where r = E[φ(z)⁴]/E[φ(z)²]² − 1 is the relative
/// variance of one feature's square (ReLU 5, erf under 1, Monomial(3) 45); the standard error is that over
/// √samples. <see cref="NoiseVariance"/> adds these up and <see cref="SamplesFor"/> sizes the sample count
/// from it.</para>
/// <para><b>Bias.</b> The pre-activations of layer ℓ + 1 are Gaussian given layer ℓ, with the empirical
/// covariance of layer ℓ's n_ℓ features. The next nonlinearity's dual (and the NTK's products of gradients)
/// are not linear in that covariance, so their mean over networks is off by O(r/n_ℓ). The first hidden layer
/// sees exactly Gaussian inputs and the readout is linear, so depth 1 is unbiased at any width, and only
/// the layers below the top one (<see cref="Wide"/>) carry bias. Measured with 1000-2000 samples, the NTK
/// bias is the larger one: at width 64 and depth 3 it reached 7 standard errors of a 2000-sample estimate
/// (Rbf), at width 192 at most 3 of a 1000-sample one (Cos, 0.3% of the kernel, whose NTK estimate is
/// unusually precise). The bias falls as 1/width while the standard error falls as 1/√samples, so depths 2
/// and 3 use width 192 below the top and a sample count that keeps the standard error above that bias
/// (target relative error 4–4.5%): the bias is then at most about one standard error, a quarter of the
/// 4σ bound. Depth 1 has no bias and takes more samples (3%).</para>
/// <para>Costs are dominated by drawing each network's weights (Wide² per inner layer) and the backward pass
/// over the K outputs, so the widths above the top stay small.</para>
/// </remarks>
internal sealed record MonteCarloSetup
{
    /// <summary>The relative standard error the sample count aims at, by depth (see the remarks).</summary>
    private static readonly double[] TargetRelativeError = { 0, 0.03, 0.04, 0.045 };

    /// <summary>Random networks averaged.</summary>
    public int Samples { get; init; } = 200;

    /// <summary>Width of the hidden layers below the top one (they set the bias).</summary>
    public int Wide { get; init; } = 192;

    /// <summary>Width of the last hidden layer (noise only).</summary>
    public int Top { get; init; } = 64;

    /// <summary>Readout width K (noise 2/K per network).</summary>
    public int Outputs { get; init; } = 16;

    /// <summary>W_std of every Dense layer but the first.</summary>
    public double WStd { get; init; } = 1.3;

    /// <summary>W_std of the first Dense layer (on the raw inputs); defaults to <see cref="WStd"/>.</summary>
    public double? FirstWStd { get; init; }

    /// <summary>b_std of every Dense layer; null means no bias.</summary>
    public double? BStd { get; init; } = 0.2;

    /// <summary>
    /// The activation of the hidden layers below the top one; null means the activation under test (the
    /// network is then φ composed with itself).
    /// </summary>
    public Func<ILayer>? Lower { get; init; }

    /// <summary>Whether input rows are scaled to |x|² = features (unit input-kernel diagonal).</summary>
    public bool UnitInputs { get; init; }

    /// <summary>
    /// The largest standard error, relative to the kernel's largest entry, that a comparison may have: above it
    /// the test would be too blunt to catch an error, and fails instead of passing vacuously.
    /// </summary>
    public double MaxRelativeError { get; init; } = 0.06;

    /// <summary>The setup for ReLU/erf-type features (r ≤ 8) at <paramref name="depth"/>, with samples from <see cref="SamplesFor"/>.</summary>
    public static MonteCarloSetup Default(int depth, double tail = 5) => new MonteCarloSetup().WithSamples(depth, tail, tail);

    /// <summary>This setup with the sample count <see cref="SamplesFor"/> gives for its noise at <paramref name="depth"/>.</summary>
    public MonteCarloSetup WithSamples(int depth, double topTail, double lowerTail) =>
        this with { Samples = SamplesFor(NoiseVariance(depth, topTail, lowerTail), depth) };

    /// <summary>
    /// Per-network relative variance of the NNGP estimate: 2/K + r_top/Top + (depth − 1)·r_lower/Wide.
    /// </summary>
    public double NoiseVariance(int depth, double topTail, double lowerTail) =>
        2.0 / Outputs + topTail / Top + (depth - 1) * lowerTail / Wide;

    /// <summary>Samples for the depth's target relative error, at least 100 (a standard error from fewer is itself too noisy).</summary>
    public static int SamplesFor(double noiseVariance, int depth)
    {
        double target = TargetRelativeError[depth];
        return Math.Max(100, (int)Math.Ceiling(noiseVariance / (target * target)));
    }

    /// <summary>Dense(width)·φ × depth, then Dense(<see cref="Outputs"/>), all in <paramref name="parameterization"/>.</summary>
    public ILayer Network(Func<ILayer> activation, int depth, Parameterization parameterization)
    {
        var layers = new List<ILayer>();
        for (int layer = 1; layer <= depth; layer++)
        {
            bool top = layer == depth;
            double wStd = layer == 1 ? FirstWStd ?? WStd : WStd;
            layers.Add(Stax.Dense(top ? Top : Wide, wStd, BStd, parameterization));
            layers.Add(top || Lower is null ? activation() : Lower());
        }
        layers.Add(Stax.Dense(Outputs, WStd, BStd, parameterization));
        return Stax.Serial(layers.ToArray());
    }
}
