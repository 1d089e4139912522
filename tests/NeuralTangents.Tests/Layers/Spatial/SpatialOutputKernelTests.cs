using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Layers.Spatial;

/// <summary>
/// Kernels of networks whose outputs keep spatial axes, in Neural Tangents' layouts: full (N1, N2, H, H', W, W')
/// and diagonal (N1, N2, H, W), against Monte Carlo averages of the same finite networks (one nonlinearity with
/// linear layers after it, so the expectation is exact at any width), and against each other.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class SpatialOutputKernelTests(CpuEngineFixture fixture)
{
    private const int Samples = 160;

    private static ILayer ConvNetwork() => Stax.Serial(
        Stax.Conv(12, new[] { 2, 2 }, null, Padding.Same, 1.4, 0.3), Stax.Relu(),
        Stax.Conv(6, new[] { 2, 2 }, null, Padding.Circular, 1.2, 0.2));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Conv_network_without_flatten_matches_monte_carlo(bool diagonal)
    {
        var network = ConvNetwork();
        var x = SpatialMonteCarlo.Images(51, 2, 3, 3, 2);
        var options = fixture.Options with { DiagonalSpatial = diagonal };
        var exact = network.KernelFn(x, null, KernelOutputs.Both, options);
        var expectedShape = diagonal ? new[] { 2, 2, 3, 3 } : new[] { 2, 2, 3, 3, 3, 3 };
        Assert.Equal(expectedShape, exact.Nngp!.Shape);
        Assert.Equal(expectedShape, exact.Ntk!.Shape);
        Assert.Equal(new[] { 2 }.Concat(expectedShape[2..]).ToArray(), exact.Cov1.Shape);
        Assert.Equal(diagonal, exact.DiagonalSpatial);
        Assert.Null(exact.Cov2);

        var mc = NeuralTangents.MonteCarlo.KernelFn(network, new PrngKey(53), Samples, diagonalSpatial: diagonal).Compute(x);
        Assert.Equal(expectedShape, mc.Nngp!.Shape);
        AssertWithin(exact.Nngp, mc.Nngp, mc.NngpStandardError!, "nngp");
        AssertWithin(exact.Ntk, mc.Ntk!, mc.NtkStandardError!, "ntk");
    }

    [Fact]
    public void Pooled_output_in_the_diagonal_form_matches_monte_carlo()
    {
        // AvgPool needs the full form inside; only the result is reduced to its diagonal.
        var network = Stax.Serial(
            Stax.Conv(12, new[] { 3 }, null, Padding.Same, 1.3, 0.2), Stax.Erf(),
            Stax.AvgPool(new[] { 2 }, null, Padding.Valid), Stax.Conv(5, new[] { 1 }, null, Padding.Valid, 1.1, 0.1));
        var x = SpatialMonteCarlo.Images(57, 3, 6, 2);
        var exact = network.KernelFn(x, null, KernelOutputs.Both, fixture.Options with { DiagonalSpatial = true });
        Assert.Equal(new[] { 3, 3, 5 }, exact.Nngp!.Shape);
        var mc = NeuralTangents.MonteCarlo.KernelFn(network, new PrngKey(59), Samples, diagonalSpatial: true).Compute(x);
        AssertWithin(exact.Nngp, mc.Nngp!, mc.NngpStandardError!, "nngp");
        AssertWithin(exact.Ntk!, mc.Ntk!, mc.NtkStandardError!, "ntk");
    }

    [Fact]
    public void Diagonal_of_the_full_form_equals_the_diagonal_form()
    {
        var network = ConvNetwork();
        var x1 = SpatialMonteCarlo.Images(61, 2, 3, 4, 2);
        var x2 = SpatialMonteCarlo.Images(62, 3, 3, 4, 2);
        var full = network.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options);
        var diagonal = network.KernelFn(x1, x2, KernelOutputs.Both, fixture.Options with { DiagonalSpatial = true });
        Assert.Equal(new[] { 2, 3, 3, 3, 4, 4 }, full.Nngp!.Shape);
        Assert.Equal(new[] { 2, 3, 3, 4 }, diagonal.Nngp!.Shape);
        Assert.Equal(new[] { 3, 3, 3, 4, 4 }, full.Cov2!.Shape);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int h = 0; h < 3; h++)
                    for (int w = 0; w < 4; w++)
                    {
                        AssertClose(diagonal.Nngp[i, j, h, w], full.Nngp[i, j, h, h, w, w], "nngp");
                        AssertClose(diagonal.Ntk![i, j, h, w], full.Ntk![i, j, h, h, w, w], "ntk");
                        AssertClose(diagonal.Cov1[i, h, w], full.Cov1[i, h, h, w, w], "cov1");
                        AssertClose(diagonal.Cov2![j, h, w], full.Cov2[j, h, h, w, w], "cov2");
                    }
    }

    [Fact]
    public void Self_kernel_is_symmetric_and_tiling_with_mirroring_changes_nothing()
    {
        var network = ConvNetwork();
        var x = SpatialMonteCarlo.Images(67, 3, 2, 3, 2);
        var whole = network.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        var tiled = network.KernelFn(x, null, KernelOutputs.Both, fixture.Options with { TileSize = 1 });
        Assert.Equal(whole.Nngp!.Data, tiled.Nngp!.Data);
        Assert.Equal(whole.Ntk!.Data, tiled.Ntk!.Data);
        Assert.Equal(whole.Cov1.Data, tiled.Cov1.Data);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                for (int h = 0; h < 2; h++)
                    for (int h2 = 0; h2 < 2; h2++)
                        for (int w = 0; w < 3; w++)
                            for (int w2 = 0; w2 < 3; w2++)
                            {
                                AssertClose(whole.Nngp[i, j, h, h2, w, w2], whole.Nngp[j, i, h2, h, w2, w], "nngp symmetry");
                                AssertClose(whole.Ntk![i, j, h, h2, w, w2], whole.Ntk[j, i, h2, h, w2, w], "ntk symmetry");
                                if (i == j) AssertClose(whole.Cov1[i, h, h2, w, w2], whole.Nngp[i, i, h, h2, w, w2], "cov1 = nngp[i, i]");
                            }
    }

    [Fact]
    public void Result_over_the_memory_limit_throws_before_allocating_and_names_the_diagonal_form()
    {
        var x = SpatialMonteCarlo.Images(71, 4, 3, 3, 2);
        var options = fixture.Options with { MaxResultBytes = 4 * 4 * 81 * 8 };
        var error = Assert.Throws<InsufficientMemoryException>(() => ConvNetwork().KernelFn(x, null, KernelOutputs.Both, options));
        Assert.Contains("81 spatial values", error.Message);
        Assert.Contains("DiagonalSpatial", error.Message);
        // The diagonal form needs 9 values per pair and fits.
        var diagonal = ConvNetwork().KernelFn(x, null, KernelOutputs.Both, options with { DiagonalSpatial = true });
        Assert.Equal(new[] { 4, 4, 3, 3 }, diagonal.Nngp!.Shape);
    }

    [Fact]
    public void Predict_rejects_kernels_with_spatial_axes()
    {
        var x = SpatialMonteCarlo.Images(73, 3, 2, 2, 2);
        var kernel = ConvNetwork().KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        var y = Tensor<double>.Zeros(3, 1);
        var error = Assert.Throws<ArgumentException>(() => NeuralTangents.Predict.GpInference(kernel, y));
        Assert.Contains("spatial axes", error.Message);
        Assert.Contains("Flatten", error.Message);
        Assert.Throws<ArgumentException>(() => NeuralTangents.Predict.GradientDescentMse(kernel.Ntk!, y, 1.0));
    }

    private static void AssertWithin(Tensor<double> exact, Tensor<double> estimate, Tensor<double> error, string what)
    {
        Assert.Equal(exact.Shape, estimate.Shape);
        double largest = exact.Data.Max(Math.Abs);
        for (int e = 0; e < exact.Length; e++)
        {
            Assert.True(error.Data[e] > 0, $"{what}[{e}]: the Monte Carlo standard error is zero, so the comparison cannot fail");
            double sigmas = Math.Abs(exact.Data[e] - estimate.Data[e]) / error.Data[e];
            Assert.True(sigmas <= 4, $"{what}[{e}]: analytic {exact.Data[e]:G6}, Monte Carlo {estimate.Data[e]:G6} ± {error.Data[e]:G3} ({sigmas:F2} σ)");
        }
        // The estimate must resolve the kernel, or the comparison could not fail.
        Assert.True(error.Data.Max() <= 0.1 * largest, $"{what}: standard error {error.Data.Max():G3} too large against {largest:G3}");
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{what}: {expected:R} vs {actual:R}");
}
