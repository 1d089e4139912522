using NeuralTangents;
using NeuralTangents.Tests.Layers.Elementwise;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.MonteCarlo;

/// <summary>How much of the depth range a catalog activation can be checked against Monte Carlo.</summary>
internal enum TailClass
{
    /// <summary>r ≤ 8: φ composed with itself at depths 1–3.</summary>
    Mild,

    /// <summary>
    /// 8 &lt; r ≤ 25: depth 1 with a wide top layer; depth 2 with a 512-wide Sign layer below φ. Depth 3 would need
    /// two such layers (every layer's correlation noise reaches φ: with 64 units under the 512 the NTK was 6σ
    /// off), 3·10⁵ weights per network for hundreds of networks.
    /// </summary>
    Heavy,

    /// <summary>
    /// 25 &lt; r ≤ 400: depth 1 only. Depth 2 would need a top layer of several hundred units (noise r/Top) on
    /// the 512-wide layer below it (bias): over 10⁵ weights per network, for hundreds of networks.
    /// </summary>
    DepthOneOnly,

    /// <summary>r &gt; 400: no affordable Monte Carlo estimate resolves the kernel (checked by quadrature elsewhere).</summary>
    Unresolvable,
}

/// <summary>
/// The Monte Carlo setup of each <see cref="ActivationCatalog"/> case: weight scales that keep φ's
/// pre-activations where its tails are tame, and widths and samples from the tail ratio
/// r = E[φ(z)⁴]/E[φ(z)²]² − 1 at the largest first-layer variance, computed here by quadrature (see
/// <see cref="MonteCarloSetup"/> for how r enters the noise and the bias).
/// </summary>
internal static class ActivationSetups
{
    public const double MildTail = 8, HeavyTail = 25, DepthOneTail = 400;

    /// <summary>The inputs' largest |x|²/d (the first-layer variance is W_std² times it plus b_std²).</summary>
    private static readonly double LargestInputVariance = LargestRowVariance(MonteCarloCase.Inputs());

    /// <summary>The weights of a case: most use W_std 1.3, b_std 0.2; the exceptions keep r small or the kernel finite.</summary>
    public static MonteCarloSetup Weights(ActivationCase activation) => activation.Name switch
    {
        // The dual assumes unit variance: unit input rows, W_std 1 and no bias keep every pre-activation at
        // q = 1 (Hermite maps q to qⁿ = 1; below a heavy top, ReLU halves q and W_std √2 restores it).
        _ when activation.Kind == ReferenceKind.UnitVariance => new MonteCarloSetup { UnitInputs = true, FirstWStd = 1, WStd = 1, BStd = null },
        // r = e^{4b²q} − 1: 1.6 at the first layer's q ≤ 0.67 here (85 at W_std 1.3, where q reaches 3.1).
        "Exp(0.7, 0.6)" => new MonteCarloSetup { WStd = 0.6, BStd = 0.1 },
        // r = e^{q} − 1 = 1.5 at q ≤ 0.9; deeper layers settle near q ≈ 0.75.
        "Exp(1, -0.5)" => new MonteCarloSetup { WStd = 0.7, BStd = 0.1 },
        // E[φ⁴] needs 0.8q < 1 (the kernel itself 0.4q < 1); q stays below 1.1 at every depth here.
        "Gaussian(1.5, 0.1)" => new MonteCarloSetup { WStd = 0.6, BStd = 0.1 },
        // The x⁷ term dominates the tails: r = 2.7 at q = 0.3, 173 at q = 0.5, 6600 at q = 0.7.
        "Polynomial(8 coefficients)" => new MonteCarloSetup { WStd = 0.4, BStd = 0.1 },
        _ => new MonteCarloSetup(),
    };

    /// <summary>The tail ratio r of φ at the largest first-layer variance of its setup.</summary>
    public static double TailRatio(ActivationCase activation)
    {
        var weights = Weights(activation);
        double first = weights.FirstWStd ?? weights.WStd;
        double q = weights.UnitInputs ? first * first : first * first * LargestInputVariance + Square(weights.BStd ?? 0);
        var phi = activation.Definition;
        double second = DualReference.Mean(x => Square(phi(x)), q, 200);
        double fourth = DualReference.Mean(x => Square(Square(phi(x))), q, 200);
        return second == 0 ? 0 : fourth / (second * second) - 1;
    }

    public static TailClass Classify(ActivationCase activation) => TailRatio(activation) switch
    {
        <= MildTail => TailClass.Mild,
        <= HeavyTail => TailClass.Heavy,
        <= DepthOneTail => TailClass.DepthOneOnly,
        _ => TailClass.Unresolvable,
    };

    /// <summary>Whether the case is checked at <paramref name="depth"/>.</summary>
    public static bool Covers(ActivationCase activation, int depth) => Classify(activation) switch
    {
        TailClass.Mild => true,
        TailClass.Heavy => depth <= 2,
        TailClass.DepthOneOnly => depth == 1,
        _ => false,
    };

    /// <summary>The setup of a covered case at <paramref name="depth"/>.</summary>
    public static MonteCarloSetup For(ActivationCase activation, int depth)
    {
        var weights = Weights(activation);
        double r = TailRatio(activation);
        if (r <= MildTail) return weights.WithSamples(depth, r, r);

        // Heavy tails. At depth 1 (no bias) the top layer is wide enough that its noise r/Top is at most the
        // readout's 2/K = 1/8, capped at 512 units. At depth 2 the layer below φ uses Sign: every Sign feature
        // squares to 1, so the variance W_std²·|sign z|²/n + b_std² reaching φ is the same number in every random
        // network (q = 1 for the unit-variance Hermite setup), whereas a fluctuating variance would be amplified by
        // φ's steep growth (E[φ²] ∝ qⁿ) into noise and bias. Only the correlations fluctuate, by about 1/n, and
        // φ's curved dual turns that into an NTK bias of about 1/n of the kernel (measured: 1.4% at n = 128 for
        // Hermite(2), 4σ there), so the Sign layer is 512 wide and the top layer takes r/Top ≤ 1/4 to keep the
        // networks affordable.
        var heavy = depth == 1
            ? weights with { Top = Math.Min(512, 64 * (int)Math.Ceiling(r / MildTail)) }
            : weights with { Top = 64 * (int)Math.Ceiling(r / (2 * MildTail)), Wide = 512, Lower = () => Stax.Sign() };
        return heavy.WithSamples(depth, r, 2);
    }

    private static double LargestRowVariance(Tensor<double> x)
    {
        double largest = 0;
        for (int i = 0; i < x.Dim(0); i++)
        {
            double sum = 0;
            for (int j = 0; j < x.Dim(1); j++) sum += x[i, j] * x[i, j];
            largest = Math.Max(largest, sum / x.Dim(1));
        }
        return largest;
    }

    private static double Square(double x) => x * x;
}
