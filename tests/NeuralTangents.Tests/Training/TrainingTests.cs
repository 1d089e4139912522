using NeuralTangents.Finite;
using NeuralTangents.Tests.EmpiricalKernels;
using Xunit.Abstractions;

namespace NeuralTangents.Tests.Training;

public sealed class TrainingTests(ITestOutputHelper output)
{
    public static TheoryData<string> Losses => new() { "mse", "cross-entropy" };

    private static Loss LossNamed(string name) => name == "mse" ? Loss.MeanSquaredError : Loss.SoftmaxCrossEntropy;

    [Theory]
    [MemberData(nameof(Losses))]
    public void Loss_gradients_match_central_differences_for_every_parameter(string lossName)
    {
        var network = TestNetworks.Branching();
        var x = TestNetworks.Input(4, new[] { 2, 3 }, 61);
        var parameters = network.Init<double>(new PrngKey(62), new[] { -1, 2, 3 });
        var targets = Targets(lossName, 4, 2);
        var loss = LossNamed(lossName);
        var model = new NetworkModel<double>(network);

        var (value, gradient) = model.LossAndGradient(parameters, x, targets, loss);
        Assert.Equal(loss.Evaluate(network.Apply(parameters, x), targets), value, 14);

        var flat = ParameterTree.Flatten(parameters);
        var analytic = ParameterTree.Flatten(gradient);
        const double h = 1e-6;
        for (int p = 0; p < flat.Length; p++)
        {
            double Shifted(double delta)
            {
                var moved = (double[])flat.Clone();
                moved[p] += delta;
                return loss.Evaluate(network.Apply(ParameterTree.Unflatten<double>(moved, parameters), x), targets);
            }
            double numeric = (Shifted(h) - Shifted(-h)) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[p]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"parameter {p}: ∂L/∂θ = {analytic[p]:R}, difference {numeric:R}");
        }
    }

    [Fact]
    public void Losses_take_their_documented_values()
    {
        var f = Tensor.FromArray(new[] { 1.0, 2.0, 0.0, -1.0 }, 2, 2);
        var y = Tensor.FromArray(new[] { 0.0, 1.0, 1.0, 0.0 }, 2, 2);
        var gradient = Tensor<double>.Zeros(2, 2);
        Assert.Equal(0.5 * (1 + 1 + 1 + 1) / 4, Loss.MeanSquaredError.Evaluate(f, y, gradient), 15);
        Assert.Equal(new[] { 0.25, 0.25, -0.25, -0.25 }, gradient.Data);

        // Neural Tangents' −mean(y ⊙ log softmax(f)) over all 4 entries. Row 1: logits (1, 2), label 1 → −log(e²/(e + e²));
        // row 2: logits (0, −1), label 0 → −log(1/(1 + e⁻¹)).
        double expected = (Math.Log(1 + Math.Exp(-1)) + Math.Log(1 + Math.Exp(-1))) / 4;
        Assert.Equal(expected, Loss.SoftmaxCrossEntropy.Evaluate(f, y, gradient), 14);
        double p = 1 / (1 + Math.Exp(1)); // softmax of the smaller logit
        var expectedGradient = new[] { p / 4, -p / 4, -p / 4, p / 4 };
        for (int e = 0; e < 4; e++) Assert.Equal(expectedGradient[e], gradient.Data[e], 14);
        Assert.Throws<ArgumentException>(() => Loss.MeanSquaredError.Evaluate(f, Tensor<double>.Zeros(2, 3)));
    }

    [Fact]
    public void Optimizers_take_their_documented_steps()
    {
        var parameters = new Parameters<double>("p", new[] { Tensor.FromArray(new[] { 1.0, -2.0 }, 2) }, Array.Empty<Parameters<double>>());
        var g1 = new Parameters<double>("p", new[] { Tensor.FromArray(new[] { 0.5, -1.0 }, 2) }, Array.Empty<Parameters<double>>());
        var g2 = new Parameters<double>("p", new[] { Tensor.FromArray(new[] { 0.25, 2.0 }, 2) }, Array.Empty<Parameters<double>>());

        var sgd = parameters.Clone();
        var sgdOptimizer = new Sgd<double>(0.1);
        sgdOptimizer.Step(sgd, g1);
        Assert.Equal(new[] { 1 - 0.05, -2 + 0.1 }, sgd.Tensors[0].Data);

        var momentum = parameters.Clone();
        var momentumOptimizer = new Momentum<double>(0.1, 0.9);
        momentumOptimizer.Step(momentum, g1);
        momentumOptimizer.Step(momentum, g2);
        // v1 = g1, v2 = 0.9·g1 + g2; θ2 = θ0 − 0.1·(v1 + v2).
        Assert.Equal(1 - 0.1 * (0.5 + 0.9 * 0.5 + 0.25), momentum.Tensors[0].Data[0], 14);
        Assert.Equal(-2 - 0.1 * (-1 + 0.9 * -1 + 2), momentum.Tensors[0].Data[1], 14);

        var adam = parameters.Clone();
        var adamOptimizer = new Adam<double>(0.01, 0.9, 0.999, 1e-8);
        adamOptimizer.Step(adam, g1);
        // The first bias-corrected step is η·g/(|g| + ε): a step of η against the sign of g.
        Assert.Equal(1 - 0.01 * 0.5 / (0.5 + 1e-8), adam.Tensors[0].Data[0], 14);
        adamOptimizer.Step(adam, g2);
        double m = (0.9 * 0.1 * 0.5 + 0.1 * 0.25) / (1 - 0.81), v = (0.999 * 0.001 * 0.25 + 0.001 * 0.0625) / (1 - 0.999 * 0.999);
        Assert.Equal(1 - 0.01 * 0.5 / (0.5 + 1e-8) - 0.01 * m / (Math.Sqrt(v) + 1e-8), adam.Tensors[0].Data[0], 12);

        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<double>(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Momentum<double>(0.1, 1));
        var other = new Parameters<double>("q", new[] { Tensor<double>.Zeros(3) }, Array.Empty<Parameters<double>>());
        Assert.Throws<ArgumentException>(() => sgdOptimizer.Step(other, new Parameters<double>("q", new[] { Tensor<double>.Zeros(3) }, Array.Empty<Parameters<double>>())));
    }

    [Fact]
    public void Gradient_descent_on_the_linearization_follows_the_empirical_ntk_dynamics_exactly()
    {
        // f_lin is linear in θ, so one full-batch GD step on ½·mean((f − y)²) is f ← f − (η/n)·Θ·(f − y), with Θ
        // the empirical NTK over all n output entries; after t steps f_t − y = (I − ηΘ/n)^t·(f_0 − y).
        var network = TestNetworks.Fcn();
        var x = TestNetworks.Input(4, new[] { 4 }, 81);
        var y = TestNetworks.Input(4, new[] { 3 }, 82);
        var parameters = network.Init<double>(new PrngKey(83), new[] { -1, 4 });
        var linear = NeuralTangents.Linearization.Linearize(network, parameters);
        var ntk = Empirical.NtkFn(network, Array.Empty<int>(), implementation: NtkImplementation.StructuredDerivatives).Compute(x, null, parameters);
        int n = y.Length;
        // Θ as an n × n matrix over (item, channel) pairs: entry (i, a; j, b) is ntk[i, j, a, b].
        var theta = new double[n, n];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                for (int a = 0; a < 3; a++)
                    for (int b = 0; b < 3; b++) theta[i * 3 + a, j * 3 + b] = ntk[i, j, a, b];

        const double rate = 0.5;
        const int steps = 25;
        var trained = parameters.Clone();
        var optimizer = new Sgd<double>(rate);
        for (int s = 0; s < steps; s++) optimizer.Step(trained, linear.LossAndGradient(trained, x, y, Loss.MeanSquaredError).Gradient);

        var residual = network.Apply(parameters, x).Data.Zip(y.Data, (f, t) => f - t).ToArray();
        for (int s = 0; s < steps; s++)
        {
            var next = new double[n];
            for (int r = 0; r < n; r++)
            {
                double sum = 0;
                for (int c = 0; c < n; c++) sum += theta[r, c] * residual[c];
                next[r] = residual[r] - rate / n * sum;
            }
            residual = next;
        }
        var predicted = linear.Apply(trained, x);
        for (int e = 0; e < n; e++) Assert.Equal(y.Data[e] + residual[e], predicted.Data[e], 10);
        Assert.True(residual.Select(Math.Abs).Max() < network.Apply(parameters, x).Data.Zip(y.Data, (f, t) => Math.Abs(f - t)).Max(), "training should reduce the residual");
    }

    [Fact]
    public void Linearization_gradient_at_theta0_is_the_network_gradient()
    {
        var network = TestNetworks.Positional();
        var x = TestNetworks.Input(3, new[] { 2, 4 }, 91);
        var y = TestNetworks.Input(3, new[] { 2, 3 }, 92);
        var parameters = network.Init<double>(new PrngKey(93), new[] { -1, 2, 4 });
        var (lossNet, gradientNet) = new NetworkModel<double>(network).LossAndGradient(parameters, x, y, Loss.MeanSquaredError);
        var (lossLin, gradientLin) = NeuralTangents.Linearization.Linearize(network, parameters).LossAndGradient(parameters, x, y, Loss.MeanSquaredError);
        Assert.Equal(lossNet, lossLin);
        Assert.Equal(ParameterTree.Flatten(gradientNet), ParameterTree.Flatten(gradientLin));
        Assert.Throws<NotSupportedException>(() => NeuralTangents.Linearization.TaylorExpand(network, parameters, 2).LossAndGradient(parameters, x, y, Loss.MeanSquaredError));
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("momentum")]
    [InlineData("adam")]
    public void Each_optimizer_fits_a_small_regression(string name)
    {
        var network = Stax.Serial(Stax.Dense(64, 1.0, 0.1), Stax.Erf(), Stax.Dense(1, 1.0, 0.1));
        var x = Tensor<double>.FromFunction(new[] { 12, 1 }, i => -1 + 2.0 * i / 11);
        var y = Tensor<double>.FromFunction(new[] { 12, 1 }, i => Math.Sin(3 * (-1 + 2.0 * i / 11)));
        var parameters = network.Init<double>(new PrngKey(94), new[] { -1, 1 });
        Optimizer<double> optimizer = name switch
        {
            "sgd" => new Sgd<double>(1.0),
            "momentum" => new Momentum<double>(0.2, 0.9),
            _ => new Adam<double>(0.02),
        };
        var model = new NetworkModel<double>(network);
        double initial = model.LossAndGradient(parameters, x, y, Loss.MeanSquaredError).Loss, final = initial;
        for (int step = 0; step < 800; step++)
        {
            var (loss, gradient) = model.LossAndGradient(parameters, x, y, Loss.MeanSquaredError);
            final = loss;
            optimizer.Step(parameters, gradient);
        }
        Assert.True(final < 0.05 * initial, $"{name}: loss {initial:G4} → {final:G4}");
    }

    [Fact]
    public void A_wide_network_trains_like_its_linearization_and_a_narrow_one_less_so()
    {
        // Weight-space linearization in small: momentum on cross-entropy, same θ0 and minibatches for f and f_lin.
        // The gap between them shrinks like 1/√width in the NTK parameterization.
        var x = TestNetworks.Input(64, new[] { 16 }, 95);
        var labels = Enumerable.Range(0, 64).Select(i => x[i, 0] + x[i, 1] > 0 ? 1 : x[i, 2] > 0 ? 2 : 0).ToArray();
        var y = Tensor<double>.FromFunction(new[] { 64, 3 }, e => labels[e / 3] == e % 3 ? 1 : 0);
        double Gap(int width)
        {
            var network = Stax.Serial(Stax.Dense(width, 1.0, 0.05), Stax.Erf(), Stax.Dense(3, 1.0, 0.05));
            var parameters = network.Init<double>(new PrngKey(96), new[] { -1, 16 });
            var linearized = NeuralTangents.Linearization.Linearize(network, parameters);
            var linearParameters = parameters.Clone();
            var model = new NetworkModel<double>(network);
            var (optimizer, linearOptimizer) = (new Momentum<double>(1.0, 0.9), new Momentum<double>(1.0, 0.9));
            for (int step = 0; step < 8; step++)
            {
                var rows = Enumerable.Range(0, 32).Select(r => (r + 32 * step) % 64).ToArray();
                var xb = Tensor<double>.FromFunction(new[] { 32, 16 }, e => x.Data[rows[e / 16] * 16 + e % 16]);
                var yb = Tensor<double>.FromFunction(new[] { 32, 3 }, e => y.Data[rows[e / 3] * 3 + e % 3]);
                optimizer.Step(parameters, model.LossAndGradient(parameters, xb, yb, Loss.SoftmaxCrossEntropy).Gradient);
                linearOptimizer.Step(linearParameters, linearized.LossAndGradient(linearParameters, xb, yb, Loss.SoftmaxCrossEntropy).Gradient);
            }
            var f = model.Apply(parameters, x);
            var fLinear = linearized.Apply(linearParameters, x);
            Assert.True(Loss.SoftmaxCrossEntropy.Evaluate(f, y) < 0.8 * Math.Log(3), "the network should have learned something");
            return Math.Sqrt(f.Data.Zip(fLinear.Data, (a, b) => (a - b) * (a - b)).Average());
        }
        double wide = Gap(2048), narrow = Gap(32);
        output.WriteLine($"RMSE(f, f_lin): {wide:G4} at width 2048, {narrow:G4} at width 32");
        Assert.True(wide < 0.05, $"RMSE(f, f_lin) at width 2048 is {wide:G4}");
        Assert.True(narrow > 3 * wide, $"RMSE at width 32 ({narrow:G4}) should clearly exceed the one at width 2048 ({wide:G4})");
    }

    private static Tensor<double> Targets(string loss, int rows, int classes)
    {
        if (loss == "mse") return TestNetworks.Input(rows, new[] { classes }, 63);
        var oneHot = Tensor<double>.Zeros(rows, classes);
        for (int r = 0; r < rows; r++) oneHot[r, r % classes] = 1;
        return oneHot;
    }
}
