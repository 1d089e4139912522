using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Layers.Spatial;

/// <summary>
/// Conv, pooling, global pooling and Flatten on spatial inputs against Monte Carlo averages of the same finite
/// networks. Every network has one nonlinearity with only linear layers after it, so the finite networks'
/// expected kernels equal the analytic ones at any width and small widths suffice.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ConvKernelTests(CpuEngineFixture fixture)
{
    private const int Samples = 160;

    [Theory]
    [MemberData(nameof(SpatialMonteCarlo.PaddingsAndStrides), MemberType = typeof(SpatialMonteCarlo))]
    public void Conv_relu_conv_flatten_matches_monte_carlo(Padding padding, int stride)
    {
        var network = Stax.Serial(
            Stax.Conv(12, new[] { 3, 3 }, new[] { stride, stride }, padding, 1.4, 0.3), Stax.Relu(),
            Stax.Conv(12, new[] { 2, 3 }, new[] { stride, 1 }, padding, 1.2, 0.2), Stax.Flatten(), Stax.Dense(3, 1.1, 0.1));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(3, 3, 7, 7, 3), fixture, Samples, 17);
    }

    [Theory]
    [MemberData(nameof(SpatialMonteCarlo.PaddingsAndStrides), MemberType = typeof(SpatialMonteCarlo))]
    public void Avg_pool_matches_monte_carlo(Padding padding, int stride)
    {
        var network = Stax.Serial(
            Stax.Conv(12, new[] { 3, 3 }, null, Padding.Same, 1.3, 0.2), Stax.Erf(),
            Stax.AvgPool(new[] { 3, 2 }, new[] { stride, stride }, padding), Stax.Flatten(), Stax.Dense(3, 1.1, 0.1));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(4, 3, 6, 6, 2), fixture, Samples, 23);
    }

    [Fact]
    public void Sum_pool_and_global_sum_pool_match_monte_carlo()
    {
        var network = Stax.Serial(
            Stax.Conv(12, new[] { 2, 2 }, null, Padding.Circular, 1.3, 0.2), Stax.Relu(),
            Stax.SumPool(new[] { 2, 2 }, new[] { 2, 2 }, Padding.Same), Stax.GlobalSumPool(), Stax.Dense(3, 0.7, 0.1));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(5, 3, 5, 5, 2), fixture, Samples, 29);
    }

    [Fact]
    public void Standard_parameterization_conv_matches_monte_carlo()
    {
        var network = Stax.Serial(
            Stax.Conv(12, new[] { 3, 3 }, new[] { 2, 2 }, Padding.Same, 1.3, 0.4, Parameterization.Standard), Stax.Relu(),
            Stax.Conv(12, new[] { 3, 3 }, null, Padding.Valid, 1.1, 0.2, Parameterization.Standard), Stax.GlobalAvgPool(),
            Stax.Dense(3, 1.0, 0.1, Parameterization.Standard));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(6, 3, 6, 6, 3), fixture, Samples, 31);
    }

    [Fact]
    public void One_dimensional_conv_matches_monte_carlo()
    {
        var network = Stax.Serial(
            Stax.Conv(12, new[] { 3 }, new[] { 2 }, Padding.Same, 1.3, 0.2), Stax.Relu(),
            Stax.AvgPool(new[] { 2 }, null, Padding.Circular), Stax.Conv(12, new[] { 2 }, null, Padding.Valid, 1.0, 0.1), Stax.Flatten(), Stax.Dense(3));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(7, 3, 9, 2), fixture, Samples, 37);
    }

    [Fact]
    public void Three_dimensional_conv_matches_monte_carlo()
    {
        var network = Stax.Serial(
            Stax.Conv(12, new[] { 2, 2, 2 }, new[] { 1, 2, 1 }, Padding.Same, 1.3, 0.2), Stax.Relu(),
            Stax.Conv(12, new[] { 2, 1, 2 }, null, Padding.Circular, 1.0, 0.1), Stax.GlobalAvgPool(), Stax.Dense(3));
        SpatialMonteCarlo.AssertMatches(network, SpatialMonteCarlo.Images(8, 3, 3, 4, 3, 2), fixture, Samples, 41);
    }

    [Theory]
    [InlineData(Padding.Valid)]
    [InlineData(Padding.Same)]
    [InlineData(Padding.Circular)]
    public void Full_and_diagonal_forms_agree(Padding padding)
    {
        // AvgPool over a 1×1 window is the identity but needs the full form, so everything before it runs in
        // the full form and drops to the diagonal only before Flatten.
        var body = new ILayer[]
        {
            Stax.Conv(8, new[] { 3, 3 }, new[] { 2, 1 }, padding, 1.4, 0.3), Stax.Relu(),
            Stax.Conv(8, new[] { 2, 2 }, null, padding, 1.2, 0.2), Stax.Erf(),
        };
        var diagonal = Stax.Serial(body.Append(Stax.Flatten()).Append(Stax.Dense(2)).ToArray());
        var full = Stax.Serial(body.Append(Stax.AvgPool(new[] { 1, 1 })).Append(Stax.Flatten()).Append(Stax.Dense(2)).ToArray());
        var x = SpatialMonteCarlo.Images(9, 3, 6, 5, 2);
        var a = diagonal.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        var b = full.KernelFn(x, null, KernelOutputs.Both, fixture.Options);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(a.Nngp![i, j], b.Nngp![i, j], 12);
                Assert.Equal(a.Ntk![i, j], b.Ntk![i, j], 12);
            }
    }

    [Fact]
    public void Global_avg_pool_cnn_kernel_on_8x8_images_is_symmetric_psd_and_the_monte_carlo_limit()
    {
        var network = Stax.Serial(
            Stax.Conv(16, new[] { 3, 3 }, null, Padding.Same, 1.5, 0.2), Stax.Relu(),
            Stax.Conv(16, new[] { 3, 3 }, new[] { 2, 2 }, Padding.Same, 1.3, 0.1), Stax.GlobalAvgPool(), Stax.Dense(4, 1.0, 0.05));
        var x = SpatialMonteCarlo.Images(10, 4, 8, 8, 3);
        var kernel = SpatialMonteCarlo.AssertMatches(network, x, fixture, Samples, 43);
        foreach (var k in new[] { kernel.Nngp!, kernel.Ntk! })
        {
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++) Assert.True(Math.Abs(k[i, j] - k[j, i]) <= 1e-13 * Math.Abs(k[i, j]), $"[{i},{j}] = {k[i, j]:R}, [{j},{i}] = {k[j, i]:R}");
            var a = (double[])k.Data.Clone();
            var eigen = new double[4];
            NeuralTangents.LinearAlgebra.Blas.Backend.SymmetricEigen<double>(4, a, 4, eigen, vectors: false);
            Assert.True(eigen.Min() >= -1e-12 * eigen.Max(), $"eigenvalues {string.Join(", ", eigen)}");
        }
    }

    [Fact]
    public void Full_covariance_beyond_the_budget_fails_before_allocating_with_the_bytes_and_remedies()
    {
        var network = Stax.Serial(Stax.Conv(8, new[] { 3, 3 }, null, Padding.Same), Stax.Relu(), Stax.GlobalAvgPool(), Stax.Dense(1));
        var x = SpatialMonteCarlo.Images(11, 2, 32, 32, 1);
        var options = fixture.Options with { MemoryBudgetBytes = 1 << 20 };
        var error = Assert.Throws<InsufficientMemoryException>(() => network.KernelFn(x, null, KernelOutputs.Both, options));
        Assert.Contains("bytes", error.Message);
        Assert.Contains(((long)1024 * 1024 * 8 * (2 * 2 * 1 + 1)).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Contains("MemoryBudgetBytes", error.Message);
        Assert.Contains("Flatten", error.Message);
    }

    [Fact]
    public void Info_states_the_form_each_network_needs_and_the_memory_per_block()
    {
        var flattenOnly = Stax.Serial(Stax.Conv(8, new[] { 3, 3 }), Stax.Relu(), Stax.Conv(8, new[] { 3, 3 }), Stax.Flatten(), Stax.Dense(1));
        var pooled = Stax.Serial(Stax.Conv(8, new[] { 3, 3 }), Stax.Relu(), Stax.GlobalAvgPool(), Stax.Dense(1));
        var shape = new[] { -1, 10, 10, 3 };
        var diagonal = KernelPlanInfo.For<double>(flattenOnly, shape, 5, options: fixture.Options);
        var full = KernelPlanInfo.For<double>(pooled, shape, 5, options: fixture.Options);
        Assert.Equal("diagonal-spatial", diagonal.CovarianceForm);
        Assert.Equal("full", full.CovarianceForm);
        // Diagonal: 100 positions per pair; full: 100² (2 arrays × input and output of a layer + staging).
        Assert.Equal(8L * (2 * 2 * 100 + 100), diagonal.BytesPerPair);
        Assert.Equal(8L * (2 * 2 * 10000 + 10000), full.BytesPerPair);
        Assert.Equal(full.BytesPerPair * full.Tile.Rows * full.Tile.Cols, full.BytesPerTile);
        Assert.Equal("none", KernelPlanInfo.For<float>(Stax.Serial(Stax.Flatten(), Stax.Dense(1)), shape, 5, options: fixture.Options).CovarianceForm);
    }
}
