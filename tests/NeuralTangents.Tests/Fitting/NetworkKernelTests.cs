using NeuralTangents.Tests.Derivatives;
using NeuralTangents.Tests.Layers.Elementwise.Derivatives;

namespace NeuralTangents.Tests.Fitting;

/// <summary>
/// <see cref="NetworkKernel{T}"/>: a small float64 FCN with wStd and bStd tied across its three Dense layers and the
/// Erf's shift c (a signed value) on its own, the derivatives fed to the marginal likelihood, checked against central
/// differences of the likelihood of networks rebuilt independently (the test's own JSON edit and KernelFn).
/// </summary>
public sealed class NetworkKernelTests
{
    private const int N = 12, D = 4, Outputs = 2;
    private const double Noise = 0.05;

    private static readonly Tensor<double> X = new(GaussianSamples.Normals(N * D, seed: 21), N, D);
    private static readonly Tensor<double> Y = new(GaussianSamples.Normals(N * Outputs, seed: 22), N, Outputs);

    private static ILayer Fcn() => Stax.Serial(
        Stax.Dense(6, wStd: 1.3, bStd: 0.2), Stax.Erf(a: 1.1, b: 0.9, c: 0.15),
        Stax.Dense(6, wStd: 1.3, bStd: 0.2), Stax.Relu(),
        Stax.Dense(Outputs, wStd: 1.3, bStd: 0.2));

    private static NetworkHyperparameter[] Tied(ILayer network) =>
        [NetworkHyperparameter.Tied(network, "wStd"), NetworkHyperparameter.Tied(network, "bStd"), NetworkHyperparameter.Tied(network, "c", "shift")];

    /// <summary>The network with every target of each value set, by the tests' own JSON edit (not the one under test).</summary>
    private static ILayer Rebuilt(ILayer network, NetworkHyperparameter[] values, double[] at)
    {
        for (int k = 0; k < values.Length; k++)
            foreach (var target in values[k].Targets) network = HyperparameterVariants.With(network, target, at[k]);
        return network;
    }

    private static double Likelihood(ILayer network, KernelOutputs output)
    {
        var kernel = network.KernelFn(X, null, output);
        return NeuralTangents.Predict.LogMarginalLikelihood(output == KernelOutputs.Nngp ? kernel.Nngp! : kernel.Ntk!, Y, Noise, diagRegAbsoluteScale: true);
    }

    [Theory]
    [InlineData(KernelOutputs.Nngp)]
    [InlineData(KernelOutputs.Ntk)]
    public void Likelihood_gradient_through_the_network_kernel_matches_central_differences(KernelOutputs output)
    {
        var network = Fcn();
        var values = Tied(network);
        var kernel = new NetworkKernel<double>(network, X, values, output);
        Assert.Equal(new[] { "wStd", "bStd", "shift" }, kernel.Hyperparameters.Select(h => h.Name));
        Assert.Equal(new[] { true, true, false }, kernel.Hyperparameters.Select(h => h.IsPositive));
        Assert.Equal(3, values[0].Targets.Count);

        // Away from the network's own values, so that a derivative taken at the start by mistake would show.
        double[] at = { 1.1, 0.3, -0.2 };
        var evaluated = kernel.Evaluate(at, [0, 1, 2], default);
        var gradient = NeuralTangents.Predict.LogMarginalLikelihood(evaluated.Kernel, Y, evaluated.Derivatives, Noise, diagRegAbsoluteScale: true);
        Assert.Equal(Likelihood(Rebuilt(network, values, at), output), gradient.Value, 1e-10 * Math.Abs(gradient.Value));

        for (int k = 0; k < at.Length; k++)
        {
            // Step 1e-4: the truncation error (h²·L''' / 6, L''' of order |L|) is ~1e-9·|L|, rounding ~1e-16·|L|/h ~ 1e-12·|L|.
            const double h = 1e-4;
            double[] plus = (double[])at.Clone(), minus = (double[])at.Clone();
            plus[k] += h;
            minus[k] -= h;
            double central = (Likelihood(Rebuilt(network, values, plus), output) - Likelihood(Rebuilt(network, values, minus), output)) / (2 * h);
            double tolerance = 1e-6 * Math.Abs(central) + 1e-8 * Math.Abs(gradient.Value);
            Assert.True(Math.Abs(gradient.Gradient[k] - central) <= tolerance,
                $"{values[k].Name}: analytic {gradient.Gradient[k]:G12}, central difference {central:G12}, tolerance {tolerance:G3}");
        }
    }

    [Fact]
    public void Layer_norm_epsilon_is_a_positive_value_whose_derivative_matches_the_likelihood_differences()
    {
        var network = Stax.Serial(Stax.Dense(6, wStd: 1.3, bStd: 0.2), Stax.LayerNorm(0.3), Stax.Erf(), Stax.Dense(6, wStd: 1.1, bStd: 0.1),
            Stax.LayerNorm(0.3), Stax.Dense(Outputs, wStd: 1.2, bStd: 0.1));
        var epsilon = NetworkHyperparameter.Tied(network, "epsilon");
        Assert.True(epsilon.IsPositive);
        Assert.Equal(2, epsilon.Targets.Count);
        var kernel = new NetworkKernel<double>(network, X, [epsilon]);
        // Away from the network's own value, so that a derivative taken at the start by mistake would show.
        const double at = 0.25;
        var evaluated = kernel.Evaluate([at], [0], default);
        var likelihood = NeuralTangents.Predict.LogMarginalLikelihood(evaluated.Kernel, Y, evaluated.Derivatives, Noise, diagRegAbsoluteScale: true);
        // Central differences of the likelihood of networks rebuilt with both ε moved, with one Richardson step
        // (h = 1e-3 of ε: truncation ~h⁴, rounding ~1e-16·|L|/h); the tolerance is the test above's.
        double Moved(double value) => Likelihood(Rebuilt(network, [epsilon], [value]), KernelOutputs.Nngp);
        double central = CentralDifference.Derivative(Moved, at, CentralDifference.Step(at));
        double tolerance = 1e-6 * Math.Abs(central) + 1e-8 * Math.Abs(likelihood.Value);
        Assert.True(Math.Abs(likelihood.Gradient[0] - central) <= tolerance, $"analytic {likelihood.Gradient[0]:G12}, central difference {central:G12}");
    }

    [Fact]
    public void Tied_derivative_is_the_sum_over_its_targets()
    {
        var network = Fcn();
        var tied = new NetworkKernel<double>(network, X, [NetworkHyperparameter.Tied(network, "wStd")]);
        var each = new NetworkKernel<double>(network, X, NetworkHyperparameter.Each(network).Where(h => h.Targets[0].Name == "wStd").ToArray());
        Assert.Equal(3, each.Hyperparameters.Count);

        var sum = tied.Evaluate([1.3], [0], default).Derivatives[0];
        var parts = each.Evaluate([1.3, 1.3, 1.3], [0, 1, 2], default).Derivatives;
        for (int e = 0; e < sum.Data.Length; e++)
            Assert.Equal(parts[0].Data[e] + parts[1].Data[e] + parts[2].Data[e], sum.Data[e], 1e-12 * Math.Abs(sum.Data[e]) + 1e-15);
    }

    [Fact]
    public void Fit_raises_the_likelihood_and_returns_the_network_at_the_fitted_values()
    {
        var network = Fcn();
        var kernel = new NetworkKernel<double>(network, X, Tied(network));
        var fit = HyperparameterFit.Maximize(kernel, Y, new HyperparameterFitOptions { DiagReg = 0.5, DiagRegAbsoluteScale = true, MaxIterations = 30 });

        Assert.True(fit.LogMarginalLikelihood > fit.InitialLogMarginalLikelihood + 1e-3,
            $"log p(Y) went from {fit.InitialLogMarginalLikelihood} to {fit.LogMarginalLikelihood}");
        var fitted = Assert.IsAssignableFrom<ILayer>(fit.Network);
        Assert.NotSame(network, fitted);

        // The returned network's own kernel is the kernel the fit saw at its fitted values, and its likelihood the fit's.
        double[] values = kernel.Hyperparameters.Select(h => fit.Values[h.Name]).ToArray();
        var expected = kernel.Evaluate(values, [], default).Kernel;
        var actual = fitted.KernelFn(X, null, KernelOutputs.Nngp).Nngp!;
        for (int e = 0; e < expected.Data.Length; e++)
            Assert.Equal(expected.Data[e], actual.Data[e], 1e-12 * Math.Abs(expected.Data[e]) + 1e-14);
        Assert.Equal(fit.LogMarginalLikelihood, NeuralTangents.Predict.LogMarginalLikelihood(actual, Y, fit.Regularizer, diagRegAbsoluteScale: true),
            1e-9 * Math.Abs(fit.LogMarginalLikelihood));

        foreach (var target in Tied(network)[0].Targets) Assert.Equal(fit.Values["wStd"], HyperparameterVariants.ValueOf(fitted, target));
        // The network passed in keeps its values.
        Assert.Equal(1.3, HyperparameterVariants.ValueOf(network, Tied(network)[0].Targets[0]));
    }

    [Fact]
    public void A_layer_object_used_twice_moves_at_both_places()
    {
        var shared = Stax.Dense(5, wStd: 1.2, bStd: 0.1);
        var network = Stax.Serial(shared, Stax.Relu(), shared);
        var first = new Hyperparameter("$.layers[0]", "wStd");
        var kernel = new NetworkKernel<double>(network, X, [new NetworkHyperparameter("w", [first], true)]);

        var rebuilt = kernel.NetworkAt([1.7]);
        Assert.Equal(1.7, HyperparameterVariants.ValueOf(rebuilt, first));
        Assert.Equal(1.7, HyperparameterVariants.ValueOf(rebuilt, new Hyperparameter("$.layers[2]", "wStd")));

        // Its derivative is that of moving both uses: compare with a central difference of the kernel.
        const double h = 1e-5;
        var derivative = kernel.Evaluate([1.2], [0], default).Derivatives[0];
        var plus = kernel.NetworkAt([1.2 + h]).KernelFn(X, null, KernelOutputs.Nngp).Nngp!;
        var minus = kernel.NetworkAt([1.2 - h]).KernelFn(X, null, KernelOutputs.Nngp).Nngp!;
        for (int e = 0; e < derivative.Data.Length; e++)
        {
            double central = (plus.Data[e] - minus.Data[e]) / (2 * h);
            Assert.Equal(central, derivative.Data[e], 1e-6 * Math.Abs(central) + 1e-9);
        }
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        var network = Stax.Serial(Stax.Dense(4, wStd: 1.0, bStd: 0.1), Stax.Relu(), Stax.Dense(1, wStd: 2.0, bStd: 0.1));
        var unequal = Assert.Throws<ArgumentException>(() => new NetworkKernel<double>(network, X, [NetworkHyperparameter.Tied(network, "wStd")]));
        Assert.Equal("hyperparameters", unequal.ParamName);
        Assert.Contains("must start equal", unequal.Message);

        var missing = Assert.Throws<ArgumentException>(() => NetworkHyperparameter.Tied(network, "gamma"));
        Assert.Contains("wStd, bStd", missing.Message);

        var both = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new NetworkKernel<double>(network, X, [NetworkHyperparameter.Tied(network, "bStd")], KernelOutputs.Both));
        Assert.Equal("output", both.ParamName);

        var foreign = new Hyperparameter("$.layers[7]", "wStd");
        var unknown = Assert.Throws<ArgumentException>(() => new NetworkKernel<double>(network, X, [new NetworkHyperparameter("w", [foreign], true)]));
        Assert.Contains("$.layers[7].wStd", unknown.Message);

        var kernel = new NetworkKernel<double>(network, X, [NetworkHyperparameter.Tied(network, "bStd")]);
        var count = Assert.Throws<ArgumentException>(() => kernel.Evaluate([0.1, 0.2], [0], default));
        Assert.Equal("values", count.ParamName);
        var index = Assert.Throws<ArgumentException>(() => kernel.Evaluate([0.1], [1], default));
        Assert.Equal("differentiate", index.ParamName);
    }
}
