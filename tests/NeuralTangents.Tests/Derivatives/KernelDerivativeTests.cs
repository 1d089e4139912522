using NeuralTangents.Tests.Engine.Plan;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Derivatives;

/// <summary>
/// <see cref="KernelDerivatives.Compute{T}"/> against central differences of the kernel (<see cref="KernelDifferences"/>)
/// for every hyperparameter of FCNs with each closed-form nonlinearity family, residual FCNs and the CNNs of
/// <see cref="PairPlanNetworks"/>, with x2 given (cross pairs) and absent (x1 against itself, through the diagonal).
/// </summary>
public sealed class KernelDerivativeTests
{
    /// <summary>Each nonlinearity family between Dense layers (moderate weights keep the polynomial and exponential families' variances small).</summary>
    private static readonly IReadOnlyDictionary<string, Func<ILayer>> Activations = new Dictionary<string, Func<ILayer>>
    {
        ["Relu"] = Stax.Relu,
        ["LeakyRelu"] = () => Stax.LeakyRelu(0.2),
        ["ABRelu"] = () => Stax.ABRelu(-0.3, 1.1),
        ["Abs"] = Stax.Abs,
        ["Erf"] = () => Stax.Erf(1.2, 0.8, 0.1),
        ["SigmoidLike"] = Stax.SigmoidLike,
        ["Sin"] = () => Stax.Sin(0.9, 1.1, 0.3),
        ["Cos"] = () => Stax.Cos(1.1, 0.7, -0.2),
        ["Exp"] = () => Stax.Exp(0.6, 0.5),
        ["Gaussian"] = () => Stax.Gaussian(1.2, -0.7),
        ["Rbf"] = () => Stax.Rbf(0.6),
        ["ExpNormalized"] = () => Stax.ExpNormalized(0.8, -1),
        ["Gelu"] = () => Stax.Gelu(),
        ["Gabor"] = Stax.Gabor,
        ["Polynomial"] = () => Stax.Polynomial(0.2, 1, -0.3, 0.1),
        ["Monomial"] = () => Stax.Monomial(3),
        ["Hermite"] = () => Stax.Hermite(2),
        ["RectifiedMonomial"] = () => Stax.RectifiedMonomial(2),
        ["Sign"] = Stax.Sign,
    };

    public static TheoryData<string> Families()
    {
        var data = new TheoryData<string>();
        foreach (var name in Activations.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Fcn_derivatives_match_central_differences_for_every_hyperparameter(string family)
    {
        var act = Activations[family];
        var network = Stax.Serial(Stax.Dense(6, 1.3, 0.2), act(), Stax.Dense(5, 0.9, 0.1), act(), Stax.Dense(1, 1.1, 0.05));
        var x1 = TestInputs.Normal<double>(4, 3, 11);
        var x2 = TestInputs.Normal<double>(3, 3, 12);
        CheckBoth(network, x1, x2);
    }

    [Fact]
    public void Residual_fcn_derivatives_match_central_differences()
    {
        var network = Stax.Serial(Stax.Dense(6, 1.2, 0.1), Stax.FanOut(2),
            Stax.Parallel(Stax.Serial(Stax.Erf(), Stax.Dense(6, 0.8, 0.3)), Stax.Serial(Stax.LeakyRelu(0.1), Stax.Dense(6, 1.1, 0.0))),
            Stax.FanInSum(), Stax.Gelu(), Stax.Dense(1, 1.0, 0.1, Parameterization.Standard));
        CheckBoth(network, TestInputs.Normal<double>(4, 3, 21), TestInputs.Normal<double>(3, 3, 22));
    }

    [Fact]
    public void A_repeated_block_is_one_hyperparameter_and_moves_every_copy()
    {
        var network = Stax.Serial(Stax.Repeat(2, Stax.Serial(Stax.Dense(5, 1.2, 0.1), Stax.Relu())), Stax.Dense(1, 1.0, 0.1));
        var hyperparameters = Hyperparameter.Of(network);
        Assert.Contains(new Hyperparameter("$.layers[0].block.layers[0]", "wStd"), hyperparameters);
        Assert.Equal(4, hyperparameters.Count);
        CheckBoth(network, TestInputs.Normal<double>(3, 4, 31), TestInputs.Normal<double>(2, 4, 32));
    }

    [Theory]
    [InlineData("cnn-flatten")]
    [InlineData("cnn-global-avg-pool")]
    [InlineData("residual-cnn")]
    [InlineData("other-nonlinearities")]
    [InlineData("conv-1d-standard")]
    [InlineData("avg-pool-then-flatten")]
    public void Cnn_derivatives_match_central_differences_for_every_hyperparameter(string name)
    {
        var (network, shape) = PairPlanNetworks.All[name];
        CheckBoth(network, Images(3, shape, 41), Images(2, shape, 42));
    }

    [Theory]
    [InlineData("cnn-flatten")]
    [InlineData("cnn-global-avg-pool")]
    public void The_kernel_from_the_derivative_pass_is_the_kernel(string name)
    {
        var (network, shape) = PairPlanNetworks.All[name];
        var x1 = Images(3, shape, 51);
        var x2 = Images(2, shape, 52);
        var result = KernelDerivatives.Compute(network, x1, x2);
        var kernel = network.KernelFn(x1, x2);
        AssertClose(kernel.Nngp!, result.Kernel.Nngp!);
        AssertClose(kernel.Ntk!, result.Kernel.Ntk!);
        AssertClose(kernel.Cov1, result.Kernel.Cov1);
        AssertClose(kernel.Cov2!, result.Kernel.Cov2!);
    }

    [Fact]
    public void Equal_inputs_in_x1_and_x2_take_the_diagonal_slopes_of_a_relu_network()
    {
        // x2's first two items are x1's: those entries sit at ρ = 1, where Ṫ's partials are infinite, but equal inputs
        // stay equal under every hyperparameter, so the derivative exists.
        var network = Stax.Serial(Stax.Dense(6, 1.3, 0.2), Stax.Relu(), Stax.Dense(5, 0.9, 0.1), Stax.Relu(), Stax.Dense(1, 1.1, 0.05));
        var x1 = TestInputs.Normal<double>(3, 3, 61);
        var other = TestInputs.Normal<double>(1, 3, 62);
        var x2 = Tensor<double>.FromFunction(new[] { 3, 3 }, i => i < 6 ? x1.Data[i] : other.Data[i - 6]);
        var result = KernelDerivatives.Compute(network, x1, x2);
        var failures = KernelDifferences.Compare(network, x1, x2, result);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Perfectly_correlated_distinct_inputs_through_relu_raise_an_error_naming_the_layer_and_entry()
    {
        // Without biases x2 = 2·x1 keeps ρ = 1 with unequal variances: first-order tangents cannot tell whether the
        // pair stays perfectly correlated, and Ṫ's slope is infinite there.
        var network = Stax.Serial(Stax.Dense(6, 1.3, null), Stax.Relu(), Stax.Dense(1, 1.1, null));
        var x1 = TestInputs.Normal<double>(2, 3, 71);
        var x2 = Tensor<double>.FromFunction(new[] { 2, 3 }, i => 2 * x1.Data[i]);
        var error = Assert.Throws<KernelDerivativeException>(() => KernelDerivatives.Compute(network, x1, x2, get: KernelOutputs.Ntk));
        Assert.Equal("Relu", error.Layer);
        // Every pair (i, 2·x1ᵢ) is such an entry; whichever block fails first is reported.
        Assert.Matches(@"^x1 item (\d) against x2 item \1$", error.Entry);
        Assert.Contains("perfect correlation", error.Reason);
        // The NNGP's partials are finite there (∂T/∂q vanishes with the sine), so its derivatives exist.
        var nngp = KernelDerivatives.Compute(network, x1, x2, get: KernelOutputs.Nngp);
        Assert.All(nngp.NngpDerivatives!.SelectMany(d => d.Data), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void A_layer_outside_the_plan_is_named_in_the_error()
    {
        // LayerNorm over spatial axes normalizes by a mean over positions, which no pointwise plan step sees.
        var network = Stax.Serial(Stax.Conv(4, new[] { 2, 2 }, null, Padding.Same, 1.3, 0.2), Stax.LayerNorm(new[] { 1, 2, -1 }), Stax.Flatten(), Stax.Dense(1));
        var error = Assert.Throws<NotSupportedException>(() => KernelDerivatives.Compute(network, Images(2, new[] { 3, 3, 2 }, 81)));
        Assert.Contains("LayerNorm(axis: [1, 2, -1]", error.Message);
        Assert.Contains("spatial axes", error.Message);
    }

    [Fact]
    public void Layer_norm_epsilon_derivatives_match_central_differences_in_an_fcn()
    {
        // ε of 0.25 and 0.1 moves the kernel visibly (K/√((q1 + ε)(q2 + ε))); every hyperparameter, both ε among them.
        var network = Stax.Serial(Stax.Dense(6, 1.3, 0.2), Stax.LayerNorm(0.25), Stax.Erf(1.2, 0.8, 0.1), Stax.Dense(5, 0.9, 0.1), Stax.LayerNorm(0.1),
            Stax.Relu(), Stax.Dense(1, 1.1, 0.05));
        var hyperparameters = Hyperparameter.Of(network);
        Assert.Contains(new Hyperparameter("$.layers[1]", "epsilon"), hyperparameters);
        Assert.Contains(new Hyperparameter("$.layers[4]", "epsilon"), hyperparameters);
        CheckBoth(network, TestInputs.Normal<double>(4, 3, 131), TestInputs.Normal<double>(3, 3, 132));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Layer_norm_epsilon_derivatives_match_central_differences_in_a_cnn(bool flatten)
    {
        // LayerNorm over channels at every position (full covariance), before a Relu and after a second Conv, with
        // both readouts; LayerNorm(axis: [-1]) is over channels too.
        var network = Stax.Serial(Stax.Conv(4, new[] { 2, 2 }, null, Padding.Same, 1.3, 0.2), Stax.LayerNorm(0.2), Stax.Relu(),
            Stax.Conv(3, new[] { 2, 2 }, null, Padding.Valid, 1.1, 0.1), Stax.LayerNorm(new[] { -1 }, 0.05), flatten ? Stax.Flatten() : Stax.GlobalAvgPool(),
            Stax.Dense(1, 1.2, 0.1));
        CheckBoth(network, Images(3, new[] { 4, 3, 2 }, 141), Images(2, new[] { 4, 3, 2 }, 142));
    }

    [Fact]
    public void An_unknown_hyperparameter_is_rejected_with_what_the_layer_has()
    {
        var network = Stax.Serial(Stax.Dense(4, 1.2, 0.1), Stax.Erf(), Stax.Dense(1));
        var x = TestInputs.Normal<double>(2, 3, 91);
        var missing = Assert.Throws<ArgumentException>(() => KernelDerivatives.Compute(network, x, hyperparameters: new[] { new Hyperparameter("$.layers[1]", "gamma") }));
        Assert.Equal("hyperparameters", missing.ParamName);
        Assert.Contains("it has a, b, c", missing.Message);
        var nowhere = Assert.Throws<ArgumentException>(() => KernelDerivatives.Compute(network, x, hyperparameters: new[] { new Hyperparameter("$.layers[7]", "wStd") }));
        Assert.Contains("no layer at $.layers[7]", nowhere.Message);
    }

    [Fact]
    public void Hyperparameters_are_listed_by_json_path_and_argument_name()
    {
        var network = Stax.Serial(Stax.Dense(3, 1.5, 0.1), Stax.LeakyRelu(0.2), Stax.Dense(3, 1, null), Stax.Erf(1, 2, 0.5), Stax.Relu(),
            Stax.Polynomial(1, 2, 3), Stax.Dense(1));
        var expected = new[]
        {
            ("$.layers[0]", "wStd"), ("$.layers[0]", "bStd"), ("$.layers[1]", "alpha"), ("$.layers[2]", "wStd"),
            ("$.layers[3]", "a"), ("$.layers[3]", "b"), ("$.layers[3]", "c"),
            ("$.layers[5]", "coef[0]"), ("$.layers[5]", "coef[1]"), ("$.layers[5]", "coef[2]"), ("$.layers[6]", "wStd"),
        };
        Assert.Equal(expected.Select(e => new Hyperparameter(e.Item1, e.Item2)), Hyperparameter.Of(network));
        Assert.Equal("$.layers[3].b", new Hyperparameter("$.layers[3]", "b").ToString());
    }

    [Fact]
    public void Float32_derivatives_agree_with_float64_ones()
    {
        var (network, shape) = PairPlanNetworks.All["cnn-flatten"];
        var x1 = Images(3, shape, 101);
        var single = KernelDerivatives.Compute(network, Cast(x1));
        var exact = KernelDerivatives.Compute(network, x1);
        for (int m = 0; m < exact.Hyperparameters.Count; m++)
        {
            double scale = exact.NtkDerivatives![m].Data.Max(Math.Abs);
            for (int e = 0; e < exact.NtkDerivatives[m].Length; e++)
                Assert.True(Math.Abs(single.NtkDerivatives![m].Data[e] - exact.NtkDerivatives[m].Data[e]) <= 1e-4 * scale,
                    $"{exact.Hyperparameters[m]} entry {e}: float32 {single.NtkDerivatives[m].Data[e]}, float64 {exact.NtkDerivatives[m].Data[e]}");
        }
    }

    [Fact]
    public void Only_the_requested_outputs_are_differentiated_and_looked_up_by_hyperparameter()
    {
        var network = Stax.Serial(Stax.Dense(4, 1.2, 0.1), Stax.Erf(), Stax.Dense(1));
        var x = TestInputs.Normal<double>(3, 2, 161);
        var wStd = new Hyperparameter("$.layers[0]", "wStd");
        var result = KernelDerivatives.Compute(network, x, hyperparameters: new[] { wStd }, get: KernelOutputs.Nngp);
        Assert.Null(result.Kernel.Ntk);
        Assert.Null(result.NtkDerivatives);
        Assert.Same(result.NngpDerivatives![0], result.Nngp(wStd));
        Assert.Throws<InvalidOperationException>(() => result.Ntk(wStd));
        var other = Assert.Throws<ArgumentException>(() => result.Nngp(new Hyperparameter("$.layers[1]", "a")));
        Assert.Contains("was not among the requested hyperparameters", other.Message);
    }

    [Fact]
    public void A_cancelled_computation_stops_with_the_cancellation()
    {
        var network = Stax.Serial(Stax.Dense(4, 1.2, 0.1), Stax.Relu(), Stax.Dense(1));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            KernelDerivatives.Compute(network, TestInputs.Normal<double>(40, 3, 171), options: new KernelOptions { CancellationToken = cancelled.Token }));
    }

    private static void CheckBoth(ILayer network, Tensor<double> x1, Tensor<double> x2)
    {
        var failures = KernelDifferences.Compare(network, x1, x2, KernelDerivatives.Compute(network, x1, x2));
        failures.AddRange(KernelDifferences.Compare(network, x1, null, KernelDerivatives.Compute(network, x1)));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(40)));
    }

    private static void AssertClose(Tensor<double> expected, Tensor<double> actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        double scale = expected.Data.Max(Math.Abs);
        for (int e = 0; e < expected.Length; e++) Assert.True(Math.Abs(expected.Data[e] - actual.Data[e]) <= 1e-12 * scale, $"entry {e}: {expected.Data[e]} vs {actual.Data[e]}");
    }

    private static Tensor<double> Images(int count, int[] shape, ulong seed)
    {
        int features = shape.Aggregate(1, (a, b) => a * b);
        var flat = TestInputs.Normal<double>(count, features, seed);
        return new Tensor<double>(flat.Data, new[] { count }.Concat(shape).ToArray());
    }

    private static Tensor<float> Cast(Tensor<double> x) => new(x.Data.Select(v => (float)v).ToArray(), x.Shape);
}
