using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Layers.Spatial;

/// <summary>Compares a network's analytic kernels with the Monte Carlo average of its finite networks, entry by entry within 4 standard errors.</summary>
internal static class SpatialMonteCarlo
{
    /// <summary>Every padding mode with strides 1 and 2: the cases each windowed layer is checked on.</summary>
    public static TheoryData<Padding, int> PaddingsAndStrides() => new()
    {
        { Padding.Valid, 1 }, { Padding.Same, 1 }, { Padding.Circular, 1 },
        { Padding.Valid, 2 }, { Padding.Same, 2 }, { Padding.Circular, 2 },
    };

    /// <summary>Images (items, spatial…, channels) of standard normal values.</summary>
    public static Tensor<double> Images(ulong seed, params int[] shape)
    {
        var values = new double[shape.Aggregate(1, (a, b) => a * b)];
        new PrngKey(seed).FillNormal(values);
        return new Tensor<double>(values, shape);
    }

    public static Kernel<double> AssertMatches(ILayer network, Tensor<double> x, CpuEngineFixture fixture, int samples, ulong seed)
    {
        var exact = network.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        var mc = NeuralTangents.MonteCarlo.KernelFn(network, new PrngKey(seed), samples).Compute(x);
        AssertMatches(exact, mc, x.Dim(0), x.Dim(0), $" of {network.Name}");
        return exact;
    }

    /// <summary>Every nngp and ntk entry of <paramref name="exact"/> within 4 standard errors of <paramref name="mc"/>; <paramref name="suffix"/> names the network in messages.</summary>
    public static void AssertMatches(Kernel<double> exact, MonteCarloKernel<double> mc, int n1, int n2, string suffix = "")
    {
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++)
            {
                AssertWithin(exact.Nngp![i, j], mc.Nngp![i, j], mc.NngpStandardError![i, j], $"nngp[{i},{j}]{suffix}");
                AssertWithin(exact.Ntk![i, j], mc.Ntk![i, j], mc.NtkStandardError![i, j], $"ntk[{i},{j}]{suffix}");
            }
    }

    private static void AssertWithin(double exact, double estimate, double standardError, string what)
    {
        Assert.True(standardError > 0, $"{what}: the Monte Carlo standard error is zero, so the comparison cannot fail");
        double sigmas = Math.Abs(exact - estimate) / standardError;
        Assert.True(sigmas <= 4, $"{what}: analytic {exact:G6}, Monte Carlo {estimate:G6} ± {standardError:G3} ({sigmas:F2} σ)");
    }
}
