using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Engine;

/// <summary>
/// The diagonal of a kernel of x against itself sits at ρ = 1, where the arc-cosine duals amplify any
/// inconsistency between the Gram entry and the variances (an error δ in ρ becomes ~√δ). The input Gram
/// diagonal must therefore be exactly the variances, in every precision and through every tile.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class SelfKernelDiagonalTests(CpuEngineFixture fixture)
{
    private static ILayer DeepReluFcn(int depth)
    {
        var layers = new List<ILayer>();
        for (int i = 0; i < depth; i++)
        {
            layers.Add(Stax.Dense(256, 1.5, 0.05));
            layers.Add(Stax.Relu());
        }
        layers.Add(Stax.Dense(10, 1.5, 0.05));
        return Stax.Serial(layers.ToArray());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(5)]
    public void Float32_diagonal_of_a_deep_relu_fcn_agrees_with_float64(int? tile)
    {
        var x = TestInputs.Normal<double>(24, 784, 11);
        var options = fixture.Options with { TileSize = tile };
        var exact = DeepReluFcn(8).KernelFn(x, null, KernelOutputs.Both, options);
        var single = DeepReluFcn(8).KernelFn(x.Cast<float>(), null, KernelOutputs.Both, options);

        for (int i = 0; i < 24; i++)
        {
            Assert.Equal(1, single.Ntk![i, i] / exact.Ntk![i, i], 1e-5);
            Assert.Equal(1, single.Nngp![i, i] / exact.Nngp![i, i], 1e-5);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData(7)]
    public void Self_kernel_diagonal_equals_the_variances_exactly(int? tile)
    {
        var x = TestInputs.Normal<float>(20, 784, 12);
        var options = fixture.Options with { TileSize = tile };
        var kernel = DeepReluFcn(3).KernelFn(x, null, KernelOutputs.Both, options);
        var sameData = DeepReluFcn(3).KernelFn(x, x.Clone(), KernelOutputs.Nngp, options);

        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(kernel.Cov1[i], kernel.Nngp![i, i]);
            Assert.Equal(kernel.Cov1[i], sameData.Nngp![i, i]);
        }
    }
}
