using Xunit.Abstractions;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.EmpiricalKernels;

[Collection(EngineCollection.Name)]
public sealed class WideNetworkTests(CpuEngineFixture fixture, ITestOutputHelper output)
{
    /// <summary>
    /// A width-4096 network at initialization against the analytic kernels. With one hidden layer the empirical
    /// kernels are unbiased at every width: the hidden pre-activations are exactly Gaussian (a linear map of
    /// the input with Gaussian weights), and the readout weights are independent of them, so
    /// E[Θ̂] = σ_w²·E[φ(h)φ(h')] + σ_b² + σ_w²·E[φ'(h)φ'(h')]·Θ_in = Θ exactly; only the O(1/√width)
    /// fluctuation remains. Averaging a few independent networks (keys 0…S−1), each traced over 4 logits, the
    /// sample mean must lie within 4 standard errors of the analytic value.
    /// </summary>
    [Theory]
    [InlineData("relu")]
    [InlineData("erf")]
    public void Width_4096_empirical_kernels_match_the_analytic_kernels_within_4_sigma(string activation)
    {
        const int Samples = 32;
        var network = Stax.Serial(Stax.Dense(4096, 1.5, 0.1), activation == "relu" ? Stax.Relu() : Stax.Erf(), Stax.Dense(4, 1.2, 0.2));
        var x = TestInputs.Normal<double>(3, 5, 71);
        var analytic = network.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        var fn = Empirical.KernelFn(network, implementation: NtkImplementation.StructuredDerivatives);

        var ntk = new double[Samples][];
        var nngp = new double[Samples][];
        for (int s = 0; s < Samples; s++)
        {
            var kernel = fn.Compute(x, null, network.Init<double>(new PrngKey(100).Child(s), new[] { -1, 5 }));
            ntk[s] = kernel.Ntk!.Data;
            nngp[s] = kernel.Nngp!.Data;
        }

        AssertWithin4Sigma(ntk, analytic.Ntk!.Data, "ntk");
        AssertWithin4Sigma(nngp, analytic.Nngp!.Data, "nngp");
    }

    private void AssertWithin4Sigma(double[][] samples, double[] exact, string what)
    {
        int n = samples.Length;
        for (int e = 0; e < exact.Length; e++)
        {
            double mean = samples.Average(s => s[e]);
            double variance = samples.Sum(s => (s[e] - mean) * (s[e] - mean)) / (n - 1);
            double standardError = Math.Sqrt(variance / n);
            output.WriteLine($"{what}[{e}]: mean {mean:G6} ± {standardError:G3}, analytic {exact[e]:G6}, z = {(mean - exact[e]) / standardError:F2}");
            // A fluctuation of order 1/√4096 of the value itself, far above rounding.
            Assert.True(standardError > 1e-4 * Math.Abs(exact[e]), $"{what}[{e}]: the estimator should fluctuate");
            Assert.True(Math.Abs(mean - exact[e]) <= 4 * standardError,
                $"{what}[{e}]: empirical mean {mean:G6} ± {standardError:G3} vs analytic {exact[e]:G6}");
        }
    }
}
