using NeuralTangents.EmpiricalKernels;
using NeuralTangents.Finite;
using NeuralTangents.Layers;

namespace NeuralTangents.Tests.EmpiricalKernels;

/// <summary>The empirical kernels of convolutional networks against the explicit J·Jᵀ and f·fᵀ references.</summary>
public sealed class EmpiricalConvTests
{
    private const double Tolerance = 1e-10;

    public static TheoryData<string, int[], int[]> AxisSettings()
    {
        var data = new TheoryData<string, int[], int[]>();
        foreach (var network in new[] { "flattened", "global", "volumetric", "transposed", "mapped" })
        {
            data.Add(network, new[] { -1 }, Array.Empty<int>());
            data.Add(network, Array.Empty<int>(), Array.Empty<int>());
            data.Add(network, Array.Empty<int>(), new[] { 0 });
            data.Add(network, new[] { 0 }, Array.Empty<int>());
        }
        // Outputs (N, 3, 3, 2): spatial axes traced, diagonal or free, as Neural Tangents defines them.
        data.Add("spatial", new[] { -1 }, Array.Empty<int>());
        data.Add("spatial", Array.Empty<int>(), Array.Empty<int>());
        data.Add("spatial", new[] { 1, 2 }, Array.Empty<int>());
        data.Add("spatial", new[] { -1 }, new[] { 1, 2 });
        data.Add("spatial", new[] { 1 }, new[] { 2 });
        data.Add("spatial", new[] { 2, 3 }, new[] { 0, 1 });
        data.Add("spatial", Array.Empty<int>(), new[] { 0, 1, 2, 3 });
        data.Add("spatial", new[] { 0, -1 }, new[] { 2 });
        // Outputs (N, 2, 2) of a 1-d network with pooling and LayerNorm.
        data.Add("pooled1d", new[] { -1 }, Array.Empty<int>());
        data.Add("pooled1d", Array.Empty<int>(), new[] { 1 });
        data.Add("pooled1d", new[] { 1 }, new[] { 0 });
        return data;
    }

    [Theory]
    [MemberData(nameof(AxisSettings))]
    public void Every_implementation_equals_explicit_J_Jt_in_float64(string name, int[] traceAxes, int[] diagonalAxes)
    {
        var network = ConvNetworks.Get(name);
        var features = ConvNetworks.Features(name);
        bool coupled = traceAxes.Contains(0) || diagonalAxes.Contains(0);
        var x1 = TestNetworks.Input(3, features, 61);
        var x2 = TestNetworks.Input(coupled ? 3 : 2, features, 62);
        var parameters = network.Init<double>(new PrngKey(9), new[] { -1 }.Concat(features).ToArray());

        var j1 = ExplicitJacobian.Build(network, parameters, x1);
        var j2 = ExplicitJacobian.Build(network, parameters, x2);
        var (expected, expectedShape) = ExplicitJacobian.Reduce(ExplicitJacobian.FullNtk(j1, j2),
            network.OutputShape(x1.Shape), network.OutputShape(x2.Shape), traceAxes, diagonalAxes);
        double scale = expected.Max(Math.Abs);
        Assert.True(scale > 1e-3, "the reference kernel should not be trivially zero");

        foreach (var implementation in Enum.GetValues<NtkImplementation>())
        {
            var ntk = Empirical.NtkFn(network, traceAxes, diagonalAxes, implementation).Compute(x1, x2, parameters);
            Assert.Equal(expectedShape, ntk.Shape);
            for (int e = 0; e < expected.Length; e++)
                Assert.True(Math.Abs(ntk.Data[e] - expected[e]) <= Tolerance * scale,
                    $"{implementation}: entry {e} is {ntk.Data[e]:R}, J·Jᵀ gives {expected[e]:R}");
        }
    }

    [Theory]
    [InlineData("spatial")]
    [InlineData("flattened")]
    public void Nngp_equals_explicit_outer_product(string name)
    {
        var network = ConvNetworks.Get(name);
        var features = ConvNetworks.Features(name);
        var x1 = TestNetworks.Input(3, features, 63);
        var x2 = TestNetworks.Input(2, features, 64);
        var parameters = network.Init<double>(new PrngKey(10), new[] { -1 }.Concat(features).ToArray());
        var f1 = network.Apply(parameters, x1);
        var f2 = network.Apply(parameters, x2);
        foreach (var (trace, diagonal) in new[] { (new[] { -1 }, new[] { 1, 2 }), (Array.Empty<int>(), Array.Empty<int>()), (new[] { 1, 2, 3 }, Array.Empty<int>()) })
        {
            if (f1.Rank == 2 && diagonal.Length > 0) continue;
            if (f1.Rank == 2 && trace.Length > 1) continue;
            var (expected, expectedShape) = ExplicitJacobian.Reduce(ExplicitJacobian.FullNngp(f1, f2), f1.Shape, f2.Shape, trace, diagonal);
            var nngp = Empirical.NngpFn(network, trace, diagonal).Compute(x1, x2, parameters);
            Assert.Equal(expectedShape, nngp.Shape);
            for (int e = 0; e < expected.Length; e++) Assert.Equal(expected[e], nngp.Data[e], 12);
        }
    }

    /// <summary>
    /// The reference J rests on the layers' backward rules; for smooth convolutional networks it must also equal
    /// the central difference (f(θ + h·e_p) − f(θ − h·e_p)) / 2h column by column (truncation ~h², rounding ~1e-16/h).
    /// </summary>
    [Theory]
    [InlineData("global")]
    [InlineData("spatial")]
    [InlineData("volumetric")]
    [InlineData("transposed")]
    [InlineData("mapped")]
    public void Explicit_jacobian_matches_central_differences(string name)
    {
        const double H = 1e-5;
        var network = ConvNetworks.Get(name);
        var features = ConvNetworks.Features(name);
        var x = TestNetworks.Input(2, features, 65);
        var parameters = network.Init<double>(new PrngKey(11), new[] { -1 }.Concat(features).ToArray());
        var jacobian = ExplicitJacobian.Build(network, parameters, x);
        var theta = ParameterTree.Flatten(parameters);
        for (int p = 0; p < theta.Length; p++)
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[p] += H;
            minus[p] -= H;
            var fPlus = network.Apply(ParameterTree.Unflatten<double>(plus, parameters), x);
            var fMinus = network.Apply(ParameterTree.Unflatten<double>(minus, parameters), x);
            for (int o = 0; o < fPlus.Length; o++)
            {
                double numeric = (fPlus.Data[o] - fMinus.Data[o]) / (2 * H);
                Assert.True(Math.Abs(numeric - jacobian[o, p]) <= 1e-7 * (1 + Math.Abs(numeric)),
                    $"J[{o}, {p}] = {jacobian[o, p]:R}, central difference {numeric:R}");
            }
        }
    }

    /// <summary>
    /// Conv(64, 1×1) → Relu → GlobalAvgPool → Dense(1) on 8×8×3 images: the patches hold 3 values per position but
    /// the conv and Relu outputs 64 each, which a forward pass keeps. The estimate for a block of four items must
    /// cover at least those two spatial maps per item (an estimate from the affine inputs alone does not).
    /// </summary>
    [Theory]
    [InlineData(NtkImplementation.JacobianContraction)]
    [InlineData(NtkImplementation.NtkVectorProducts)]
    [InlineData(NtkImplementation.StructuredDerivatives)]
    public void Memory_estimate_counts_spatial_activations(NtkImplementation implementation)
    {
        var network = (LayerBase)Stax.Serial(Stax.Conv(64, new[] { 1, 1 }), Stax.Relu(), Stax.GlobalAvgPool(), Stax.Dense(1));
        var x = TestNetworks.Input(4, new[] { 8, 8, 3 }, 66);
        var parameters = network.Init<double>(new PrngKey(12), new[] { -1, 8, 8, 3 });
        var cost = EmpiricalCost.Probe(network, parameters, x);
        long spatialMaps = 4L * 2 * 8 * 8 * 64 * sizeof(double);
        Assert.True(cost.BlockBytes(4, 4, false, implementation) >= spatialMaps,
            $"{implementation}: {cost.BlockBytes(4, 4, false, implementation):N0} bytes estimated, the kept spatial maps alone take {spatialMaps:N0}");
        Assert.True(cost.BlockBytes(4, 4, true, null) >= spatialMaps, "the NNGP's forward passes keep the same maps");
    }

    /// <summary>Blocks of one item, x2 null, spatial axes diagonal or free: the same kernel as one unbatched block, in every implementation.</summary>
    [Theory]
    [InlineData(NtkImplementation.JacobianContraction)]
    [InlineData(NtkImplementation.NtkVectorProducts)]
    [InlineData(NtkImplementation.StructuredDerivatives)]
    public void Batched_blocks_on_spatial_outputs_give_the_unbatched_kernel(NtkImplementation implementation)
    {
        var network = ConvNetworks.Spatial();
        var x = TestNetworks.Input(3, new[] { 4, 4, 2 }, 67);
        var parameters = network.Init<double>(new PrngKey(13), new[] { -1, 4, 4, 2 });
        foreach (var diagonal in new[] { new[] { 1, 2 }, Array.Empty<int>() })
        {
            var fn = Empirical.KernelFn(network, new[] { -1 }, diagonal, implementation);
            var whole = fn.Compute(x, x, parameters);
            var batched = fn.Compute(x, null, parameters, KernelOutputs.Both, new EmpiricalOptions { BatchSize = 1 });
            for (int e = 0; e < whole.Ntk!.Length; e++)
            {
                Assert.Equal(whole.Ntk.Data[e], batched.Ntk!.Data[e], 12);
                Assert.Equal(whole.Nngp!.Data[e], batched.Nngp!.Data[e], 12);
            }
        }
    }

    [Fact]
    public void Implementations_agree_in_float32()
    {
        var network = ConvNetworks.Flattened();
        var x1 = TestNetworks.Input(3, new[] { 5, 5, 2 }, 68).Cast<float>();
        var x2 = TestNetworks.Input(2, new[] { 5, 5, 2 }, 69).Cast<float>();
        var parameters = network.Init<float>(new PrngKey(14), new[] { -1, 5, 5, 2 });
        var kernels = Enum.GetValues<NtkImplementation>()
            .Select(i => Empirical.NtkFn(network, Array.Empty<int>(), null, i).Compute(x1, x2, parameters)).ToArray();
        float scale = kernels[0].Data.Max(Math.Abs);
        for (int k = 1; k < kernels.Length; k++)
            for (int e = 0; e < kernels[0].Length; e++)
                Assert.True(Math.Abs(kernels[0].Data[e] - kernels[k].Data[e]) <= 1e-5f * scale, $"implementation {k}, entry {e}");
    }
}
