using NeuralTangents;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Finite;

public sealed class FiniteNetworkTests
{
    [Fact]
    public void Init_is_a_pure_function_of_the_key()
    {
        var network = Stax.Serial(Stax.Dense(16, 1.2, 0.3), Stax.Relu(), Stax.Dense(4));
        var a = network.Init<double>(new PrngKey(42), new[] { -1, 5 }).Leaves().ToArray();
        var b = network.Init<double>(new PrngKey(42), new[] { -1, 5 }).Leaves().ToArray();
        var c = network.Init<double>(new PrngKey(43), new[] { -1, 5 }).Leaves().ToArray();

        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i].Data, b[i].Data);
        Assert.NotEqual(a[0].Data, c[0].Data);
    }

    [Fact]
    public void Float32_parameters_are_the_float64_ones_rounded()
    {
        var network = Stax.Dense(7, 1.1, 0.2);
        var exact = network.Init<double>(new PrngKey(5), new[] { -1, 3 }).Leaves().ToArray();
        var single = network.Init<float>(new PrngKey(5), new[] { -1, 3 }).Leaves().ToArray();
        for (int t = 0; t < exact.Length; t++)
            for (int i = 0; i < exact[t].Length; i++) Assert.Equal((float)exact[t].Data[i], single[t].Data[i]);
    }

    [Fact]
    public void Dense_ntk_parameterization_applies_wstd_over_sqrt_fan_in()
    {
        const double wStd = 1.7, bStd = 0.4;
        var layer = Stax.Dense(3, wStd, bStd);
        var x = TestInputs.Normal<double>(2, 5, 1);
        var p = layer.Init<double>(new PrngKey(9), x.Shape);
        var (w, b) = (p.Tensors[0], p.Tensors[1]);
        var y = layer.Apply(p, x);

        Assert.Equal(new[] { 5, 3 }, w.Shape);
        for (int i = 0; i < 2; i++)
            for (int k = 0; k < 3; k++)
            {
                double expected = bStd * b[k];
                for (int j = 0; j < 5; j++) expected += wStd / Math.Sqrt(5) * x[i, j] * w[j, k];
                Assert.Equal(expected, y[i, k], 1e-12);
            }
    }

    [Fact]
    public void Dense_standard_parameterization_scales_the_weights_at_init()
    {
        const double wStd = 1.7, bStd = 0.4;
        var layer = Stax.Dense(3, wStd, bStd, Parameterization.Standard, widthScaleIn: 2, widthScaleOut: 2);
        var x = TestInputs.Normal<double>(2, 8, 2);
        var p = layer.Init<double>(new PrngKey(9), x.Shape);
        var unit = Stax.Dense(6, 1, 1).Init<double>(new PrngKey(9), x.Shape); // same key: the same N(0,1) draws
        var y = layer.Apply(p, x);

        Assert.Equal(new[] { 2, 6 }, y.Shape); // width outDim·s1
        for (int i = 0; i < p.Tensors[0].Length; i++) Assert.Equal(unit.Tensors[0].Data[i] * wStd / Math.Sqrt(8.0 / 2), p.Tensors[0].Data[i], 1e-15);
        for (int k = 0; k < 6; k++)
        {
            double expected = p.Tensors[1][k];
            for (int j = 0; j < 8; j++) expected += x[0, j] * p.Tensors[0][j, k] / Math.Sqrt(2);
            Assert.Equal(expected, y[0, k], 1e-12);
        }
    }

    [Fact]
    public void Dense_without_bias_has_only_weights()
    {
        var p = Stax.Dense(4).Init<float>(new PrngKey(1), new[] { -1, 3 });
        Assert.Single(p.Tensors);
        Assert.Equal(12, p.Count);
    }

    [Fact]
    public void Branching_networks_apply_like_their_definition()
    {
        var x = TestInputs.Normal<double>(3, 4, 3);
        var residual = Stax.Serial(Stax.FanOut(2), Stax.Parallel(Stax.Identity(), Stax.Relu()), Stax.FanInSum());
        var product = Stax.Serial(Stax.FanOut(2), Stax.Parallel(Stax.Abs(), Stax.Identity()), Stax.FanInProd());
        var concat = Stax.Serial(Stax.FanOut(2), Stax.Parallel(Stax.Identity(), Stax.Abs()), Stax.FanInConcat());
        var empty = residual.Init<double>(new PrngKey(0), x.Shape);

        var sum = residual.Apply(empty, x);
        var prod = product.Apply(product.Init<double>(new PrngKey(0), x.Shape), x);
        var cat = concat.Apply(concat.Init<double>(new PrngKey(0), x.Shape), x);
        Assert.Equal(new[] { 3, 8 }, cat.Shape);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(x[i, j] + Math.Max(x[i, j], 0), sum[i, j]);
                Assert.Equal(Math.Abs(x[i, j]) * x[i, j], prod[i, j]);
                Assert.Equal(x[i, j], cat[i, j]);
                Assert.Equal(Math.Abs(x[i, j]), cat[i, j + 4]);
            }
    }

    [Fact]
    public void Output_shape_follows_the_layers()
    {
        var network = Stax.Serial(Stax.Flatten(), Stax.Dense(32), Stax.Relu(), Stax.Dense(10, widthScaleOut: 3, parameterization: Parameterization.Standard));
        Assert.Equal(new[] { -1, 30 }, network.OutputShape(new[] { -1, 28, 28, 1 }));
        Assert.Equal(784 * 32 + 32 * 30, network.Init<float>(new PrngKey(0), new[] { 2, 28, 28, 1 }).Count);
    }
}
