using NeuralTangents.Tests.Engine.Plan;
using NeuralTangents.Tests.Layers.Elementwise.Derivatives;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Derivatives;

/// <summary>
/// <see cref="KernelDerivatives.ByInputs{T}"/> against float64 central differences (one Richardson step) of
/// <see cref="ILayer.KernelFn{T}"/> with one feature of one x1 item moved by ±h, x2 held fixed (x1's original items when
/// x2 is absent). Agreement to 1e-6 relative plus 1e-9 of the kernel's largest entry, as for the hyperparameters.
/// </summary>
public sealed class KernelInputDerivativeTests
{
    [Theory]
    [InlineData("Erf", true)]
    [InlineData("Erf", false)]
    [InlineData("Gelu", true)]
    [InlineData("Gelu", false)]
    [InlineData("Relu", true)]
    [InlineData("Sin", false)]
    [InlineData("Polynomial", false)]
    [InlineData("LayerNorm", true)]
    [InlineData("LayerNorm", false)]
    public void Fcn_input_derivatives_match_central_differences(string family, bool separateX2)
    {
        Func<ILayer> act = family switch
        {
            "Erf" => () => Stax.Erf(1.2, 0.8, 0.1),
            "Gelu" => () => Stax.Gelu(),
            "Relu" => Stax.Relu,
            "Sin" => () => Stax.Sin(0.9, 1.1, 0.3),
            // Not a nonlinearity, but a pointwise map on the plan with a closed-form dual; it needs the Dense before it.
            "LayerNorm" => () => Stax.LayerNorm(0.3),
            _ => () => Stax.Polynomial(0.2, 1, -0.3, 0.1),
        };
        var network = Stax.Serial(Stax.Dense(6, 1.3, 0.2), act(), Stax.Dense(5, 0.9, 0.1), act(), Stax.Dense(1, 1.1, 0.05));
        var x1 = TestInputs.Normal<double>(3, 4, 111);
        var x2 = separateX2 ? TestInputs.Normal<double>(2, 4, 112) : null;
        Check(network, x1, x2);
    }

    [Theory]
    [InlineData("cnn-flatten")]
    [InlineData("cnn-global-avg-pool")]
    public void Cnn_input_derivatives_match_central_differences(string name)
    {
        var (network, shape) = PairPlanNetworks.All[name];
        Check(network, Images(2, shape, 121), Images(2, shape, 122));
    }

    [Fact]
    public void Smooth_cnn_input_derivatives_match_central_differences_against_itself()
    {
        var network = Stax.Serial(Stax.Conv(4, new[] { 3, 3 }, null, Padding.Same, 1.3, 0.2), Stax.Erf(),
            Stax.Conv(4, new[] { 3, 3 }, null, Padding.Same, 1.2, 0.1), Stax.Gelu(), Stax.GlobalAvgPool(), Stax.Dense(1, 1.0, 0.1));
        Check(network, Images(2, new[] { 4, 4, 2 }, 131), null);
    }

    [Fact]
    public void The_relu_ntk_has_no_input_derivative_at_equal_inputs_but_its_nngp_has()
    {
        // Moving x1ᵢ alone away from x2ᵢ = x1ᵢ makes ρ fall like |δ|: Ṫ = ½ − θ/(2π) has a kink there, T does not.
        var network = Stax.Serial(Stax.Dense(6, 1.3, 0.2), Stax.Relu(), Stax.Dense(1, 1.1, 0.05));
        var x1 = TestInputs.Normal<double>(3, 4, 141);
        var error = Assert.Throws<KernelDerivativeException>(() => KernelDerivatives.ByInputs(network, x1));
        Assert.Equal("Relu", error.Layer);
        Assert.Matches(@"^x1 item (\d) against x2 item \1$", error.Entry);
        Check(network, x1, null, KernelOutputs.Nngp);
    }

    [Fact]
    public void Derivatives_have_the_item_shape_after_the_pair_axes()
    {
        var (network, shape) = PairPlanNetworks.All["cnn-flatten"];
        var result = KernelDerivatives.ByInputs(network, Images(2, shape, 151), Images(3, shape, 152));
        Assert.Equal(new[] { 2, 3 }.Concat(shape), result.Ntk!.Shape);
        Assert.Equal(new[] { 2, 3 }.Concat(shape), result.Nngp!.Shape);
    }

    private static void Check(ILayer network, Tensor<double> x1, Tensor<double>? x2, KernelOutputs get = KernelOutputs.Both)
    {
        var result = KernelDerivatives.ByInputs(network, x1, x2, get);
        var reference = x2 ?? x1;
        int n2 = reference.Dim(0), features = x1.RowLength;
        var failures = new List<string>();
        for (int i = 0; i < x1.Dim(0); i++)
        {
            for (int f = 0; f < features; f++)
            {
                double value = x1.Data[i * features + f];
                var kernels = new Dictionary<double, Kernel<double>>();
                Kernel<double> At(double v)
                {
                    if (kernels.TryGetValue(v, out var kernel)) return kernel;
                    var item = x1.Data.AsSpan(i * features, features).ToArray();
                    item[f] = v;
                    var moved = new Tensor<double>(item, new[] { 1 }.Concat(x1.Shape.Skip(1)).ToArray());
                    return kernels[v] = network.KernelFn(moved, reference, get);
                }
                double h = CentralDifference.Step(value);
                for (int j = 0; j < n2; j++)
                {
                    int column = j;
                    long at = ((long)i * n2 + j) * features + f;
                    if (result.Nngp is { } nngp)
                        Compare(failures, $"∂NNGP[{i}, {j}]/∂x1[{i}]({f})", nngp.Data[at],
                            CentralDifference.Derivative(v => At(v).Nngp!.Data[column], value, h), result.Kernel.Nngp!);
                    if (result.Ntk is { } ntk)
                        Compare(failures, $"∂NTK[{i}, {j}]/∂x1[{i}]({f})", ntk.Data[at],
                            CentralDifference.Derivative(v => At(v).Ntk!.Data[column], value, h), result.Kernel.Ntk!);
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(40)));
    }

    private static void Compare(List<string> failures, string what, double exact, double expected, Tensor<double> kernel)
    {
        double tolerance = KernelDifferences.Relative * Math.Abs(expected) + KernelDifferences.Absolute * kernel.Data.Max(Math.Abs);
        if (!(Math.Abs(exact - expected) <= tolerance))
            failures.Add($"{what}: exact {exact:G12}, central difference {expected:G12} (difference {exact - expected:G3}, tolerance {tolerance:G3})");
    }

    private static Tensor<double> Images(int count, int[] shape, ulong seed)
    {
        int features = shape.Aggregate(1, (a, b) => a * b);
        var flat = TestInputs.Normal<double>(count, features, seed);
        return new Tensor<double>(flat.Data, new[] { count }.Concat(shape).ToArray());
    }
}
