using System.Globalization;
using System.Text;
using NeuralTangents;

namespace NeuralTangents.Tests.MonteCarlo;

/// <summary>
/// Compares an analytic kernel with the Monte Carlo estimate of the same finite network, entry by entry,
/// within <see cref="Sigmas"/> standard errors of the estimate.
/// </summary>
internal static class MonteCarloAssert
{
    /// <summary>The bound in standard errors. With no bias a 4σ miss has probability 6e-5 per entry.</summary>
    public const double Sigmas = 4;

    /// <summary>
    /// The bound where the standard error is 0, relative to the kernel's largest entry. Some entries are the
    /// same number in every random network (the NTK diagonal after Sign is W_std²·⟨sign z, sign z⟩/n + b_std² =
    /// W_std² + b_std² exactly; after Monomial(0) the whole NTK is), so their standard error is 0 or a few
    /// ulps of Welford rounding, and the analytic value and the estimate can differ only by rounding of
    /// different summation orders: about width·ε ≈ 1e-13 relative. 1e-12 is above that and many orders below
    /// every standard error that is not 0, so it never widens a real bound.
    /// </summary>
    public const double DeterministicFloor = 1e-12;

    /// <summary>
    /// Asserts |analytic − estimate| ≤ max(4·SE, floor) for every entry of the NNGP and the NTK, and that the
    /// estimate resolves the kernel: every standard error at most <paramref name="maxRelativeError"/> of the
    /// kernel's largest entry, so that the comparison can fail.
    /// </summary>
    public static void Matches(Kernel<double> analytic, MonteCarloKernel<double> estimate, string label, double maxRelativeError)
    {
        Check("nngp", analytic.Nngp!, estimate.Nngp!, estimate.NngpStandardError!, label, maxRelativeError);
        Check("ntk", analytic.Ntk!, estimate.Ntk!, estimate.NtkStandardError!, label, maxRelativeError);
    }

    private static void Check(string which, Tensor<double> exact, Tensor<double> mean, Tensor<double> error, string label, double maxRelativeError)
    {
        Assert.Equal(exact.Shape, mean.Shape);
        double largest = exact.Data.Max(Math.Abs);
        var failures = new List<string>();
        for (int e = 0; e < exact.Length; e++)
        {
            double difference = Math.Abs(exact.Data[e] - mean.Data[e]);
            double bound = Math.Max(Sigmas * error.Data[e], DeterministicFloor * largest);
            if (!(difference <= bound))
                failures.Add(Entry(exact, e) + string.Create(CultureInfo.InvariantCulture,
                    $": analytic {exact.Data[e]:G8}, estimate {mean.Data[e]:G8} ± {error.Data[e]:G3} ({difference / error.Data[e]:F2}σ)"));
        }
        Assert.True(failures.Count == 0,
            $"{label} {which}: {failures.Count} entries outside {Sigmas}σ (all: {Describe(exact, mean, error)}):\n" + string.Join("\n", failures));

        double worst = error.Data.Max() / largest;
        Assert.True(worst <= maxRelativeError, string.Create(CultureInfo.InvariantCulture,
            $"{label} {which}: the largest standard error is {worst:P2} of the largest entry {largest:G6}, above the {maxRelativeError:P1} this test needs to detect an error; more samples or width are needed."));
    }

    private static string Entry(Tensor<double> kernel, int flat) => $"[{flat / kernel.Dim(1)}, {flat % kernel.Dim(1)}]";

    private static string Describe(Tensor<double> exact, Tensor<double> mean, Tensor<double> error)
    {
        var text = new StringBuilder();
        for (int e = 0; e < exact.Length; e++)
            text.Append(CultureInfo.InvariantCulture, $"{Entry(exact, e)} {exact.Data[e]:G5} vs {mean.Data[e]:G5}±{error.Data[e]:G2}; ");
        return text.ToString();
    }
}
