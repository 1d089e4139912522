using NeuralTangents.EmpiricalKernels;

namespace NeuralTangents.Tests.EmpiricalKernels;

public sealed class EmpiricalNtkTests
{
    private const double Tolerance = 1e-10;

    public static TheoryData<string, int[], int[]> AxisSettings()
    {
        var data = new TheoryData<string, int[], int[]>();
        foreach (var network in new[] { "fcn", "branching" })
        {
            data.Add(network, new[] { -1 }, Array.Empty<int>());
            data.Add(network, Array.Empty<int>(), Array.Empty<int>());
            data.Add(network, Array.Empty<int>(), new[] { 0 });
            data.Add(network, new[] { -1 }, new[] { 0 });
            data.Add(network, Array.Empty<int>(), new[] { 1 });
            data.Add(network, new[] { 0 }, Array.Empty<int>());
        }
        // Rank-3 outputs (N, 2, 3): every combination of roles for the position and channel axes.
        data.Add("positional", new[] { -1 }, Array.Empty<int>());
        data.Add("positional", Array.Empty<int>(), Array.Empty<int>());
        data.Add("positional", new[] { 1, 2 }, Array.Empty<int>());
        data.Add("positional", new[] { 2 }, new[] { 1 });
        data.Add("positional", new[] { 1 }, new[] { 0, 2 });
        data.Add("positional", Array.Empty<int>(), new[] { 0, 1, 2 });
        data.Add("positional", new[] { 0, -1 }, new[] { 1 });
        return data;
    }

    [Theory]
    [MemberData(nameof(AxisSettings))]
    public void Every_implementation_equals_explicit_J_Jt_in_float64(string name, int[] traceAxes, int[] diagonalAxes)
    {
        var network = TestNetworks.Get(name);
        var features = TestNetworks.Features(name);
        bool coupled = traceAxes.Contains(0) || diagonalAxes.Contains(0);
        var x1 = TestNetworks.Input(3, features, 21);
        var x2 = TestNetworks.Input(coupled ? 3 : 2, features, 22);
        var parameters = network.Init<double>(new PrngKey(5), new[] { -1 }.Concat(features).ToArray());

        var j1 = ExplicitJacobian.Build(network, parameters, x1);
        var j2 = ExplicitJacobian.Build(network, parameters, x2);
        var shape1 = network.OutputShape(x1.Shape);
        var shape2 = network.OutputShape(x2.Shape);
        var (expected, expectedShape) = ExplicitJacobian.Reduce(ExplicitJacobian.FullNtk(j1, j2), shape1, shape2, traceAxes, diagonalAxes);
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
    [MemberData(nameof(AxisSettings))]
    public void Nngp_equals_explicit_outer_product(string name, int[] traceAxes, int[] diagonalAxes)
    {
        var network = TestNetworks.Get(name);
        var features = TestNetworks.Features(name);
        bool coupled = traceAxes.Contains(0) || diagonalAxes.Contains(0);
        var x1 = TestNetworks.Input(3, features, 31);
        var x2 = TestNetworks.Input(coupled ? 3 : 4, features, 32);
        var parameters = network.Init<double>(new PrngKey(6), new[] { -1 }.Concat(features).ToArray());
        var f1 = network.Apply(parameters, x1);
        var f2 = network.Apply(parameters, x2);
        var (expected, expectedShape) = ExplicitJacobian.Reduce(ExplicitJacobian.FullNngp(f1, f2), f1.Shape, f2.Shape, traceAxes, diagonalAxes);

        var nngp = Empirical.NngpFn(network, traceAxes, diagonalAxes).Compute(x1, x2, parameters);

        Assert.Equal(expectedShape, nngp.Shape);
        for (int e = 0; e < expected.Length; e++) Assert.Equal(expected[e], nngp.Data[e], 12);
    }

    [Theory]
    [InlineData(NtkImplementation.JacobianContraction)]
    [InlineData(NtkImplementation.NtkVectorProducts)]
    [InlineData(NtkImplementation.StructuredDerivatives)]
    public void Batched_blocks_and_x2_null_give_the_unbatched_kernel(NtkImplementation implementation)
    {
        var network = TestNetworks.Fcn();
        var x = TestNetworks.Input(5, new[] { 4 }, 41);
        var parameters = network.Init<double>(new PrngKey(7), new[] { -1, 4 });
        var fn = Empirical.KernelFn(network, Array.Empty<int>(), null, implementation);

        var whole = fn.Compute(x, x, parameters);
        var batched = fn.Compute(x, null, parameters, KernelOutputs.Both, new EmpiricalOptions { BatchSize = 2 });

        Assert.Equal(new[] { 5, 5, 3, 3 }, batched.Ntk!.Shape);
        for (int e = 0; e < whole.Ntk!.Length; e++)
        {
            Assert.Equal(whole.Ntk.Data[e], batched.Ntk.Data[e], 12);
            Assert.Equal(whole.Nngp!.Data[e], batched.Nngp!.Data[e], 12);
        }
        // Symmetric in x1 ↔ x2 with the logit axes swapped.
        Assert.Equal(batched.Ntk[1, 3, 0, 2], batched.Ntk[3, 1, 2, 0], 12);
    }

    [Fact]
    public void Implementations_agree_in_float32()
    {
        var network = TestNetworks.Positional();
        var x1 = TestNetworks.Input(3, new[] { 2, 4 }, 51).Cast<float>();
        var x2 = TestNetworks.Input(2, new[] { 2, 4 }, 52).Cast<float>();
        var parameters = network.Init<float>(new PrngKey(8), new[] { -1, 2, 4 });
        var kernels = Enum.GetValues<NtkImplementation>()
            .Select(i => Empirical.NtkFn(network, new[] { -1 }, null, i).Compute(x1, x2, parameters)).ToArray();
        for (int k = 1; k < kernels.Length; k++)
            for (int e = 0; e < kernels[0].Length; e++) Assert.Equal(kernels[0].Data[e], kernels[k].Data[e], 4);
    }

    [Fact]
    public void Invalid_axes_and_inputs_are_rejected_with_the_argument_named()
    {
        var network = TestNetworks.Fcn();
        var x1 = TestNetworks.Input(3, new[] { 4 }, 1);
        var x2 = TestNetworks.Input(2, new[] { 4 }, 2);
        var parameters = network.Init<double>(new PrngKey(1), new[] { -1, 4 });

        var outOfRange = Assert.Throws<ArgumentException>(() => Empirical.NtkFn(network, new[] { 2 }).Compute(x1, x2, parameters));
        Assert.Equal("traceAxes", outOfRange.ParamName);
        var twice = Assert.Throws<ArgumentException>(() => Empirical.NtkFn(network, new[] { -1 }, new[] { 1 }).Compute(x1, x2, parameters));
        Assert.Equal("diagonalAxes", twice.ParamName);
        var coupled = Assert.Throws<ArgumentException>(() => Empirical.NngpFn(network, null, new[] { 0 }).Compute(x1, x2, parameters));
        Assert.Contains("3 items", coupled.Message);
        var features = Assert.Throws<ArgumentException>(() => Empirical.NtkFn(network).Compute(x1, TestNetworks.Input(2, new[] { 5 }, 3), parameters));
        Assert.Equal("x2", features.ParamName);
    }

    [Fact]
    public void Memory_is_checked_before_allocating()
    {
        var network = TestNetworks.Fcn();
        var x = TestNetworks.Input(4, new[] { 4 }, 1);
        var parameters = network.Init<double>(new PrngKey(1), new[] { -1, 4 });
        var fn = Empirical.NtkFn(network, Array.Empty<int>());

        var result = Assert.Throws<InsufficientMemoryException>(() => fn.Compute(x, null, parameters, new EmpiricalOptions { MaxMemoryBytes = 100 }));
        Assert.Contains("1,152 bytes", result.Message); // 4·4·3·3 doubles
        var block = Assert.Throws<InsufficientMemoryException>(() => fn.Compute(x, null, parameters, new EmpiricalOptions { MaxMemoryBytes = 1500, BatchSize = 4 }));
        Assert.Contains("BatchSize", block.Message);
        // With room for the result and a little more, an automatic batch size is found and the result is unchanged.
        var small = fn.Compute(x, null, parameters, new EmpiricalOptions { MaxMemoryBytes = 40_000 });
        var whole = fn.Compute(x, null, parameters);
        for (int e = 0; e < whole.Length; e++) Assert.Equal(whole.Data[e], small.Data[e], 12);
    }
}
