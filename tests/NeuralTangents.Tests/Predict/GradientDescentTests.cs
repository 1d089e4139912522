using static NeuralTangents.Tests.Predict.DenseReference;
using static NeuralTangents.Tests.Predict.GpInferenceTests;

namespace NeuralTangents.Tests.Predict;

public sealed class GradientDescentTests
{
    private const int N = 12, M = 5, K = 3;
    private static readonly PredictProblem Problem = new(N, M, K, seed: 5);
    private static readonly Tensor<double> Theta = PredictProblem.Tensor<double>(Problem.TrainTrain(Problem.Ntk), N, N);
    private static readonly Tensor<double> ThetaTd = PredictProblem.Tensor<double>(Problem.TestTrain(Problem.Ntk), M, N);
    private static readonly Tensor<double> FxTrain0 = PredictProblem.Tensor<double>(Problem.FxTrain0, N, K);
    private static readonly Tensor<double> FxTest0 = PredictProblem.Tensor<double>(Problem.FxTest0, M, K);

    [Fact]
    public void Mse_gradient_descent_matches_the_closed_form_predictor()
    {
        double[] times = { 0, 0.5, 4, 40 };
        var ode = NeuralTangents.Predict.GradientDescent(Loss.MeanSquaredError, Theta, Problem.YTensor<double>(), learningRate: 0.7)
            .Predict(times, FxTrain0, FxTest0, ThetaTd);
        var exact = NeuralTangents.Predict.GradientDescentMse(Theta, Problem.YTensor<double>(), learningRate: 0.7);
        for (int s = 0; s < times.Length; s++)
        {
            AssertClose(exact.Train(times[s], FxTrain0).Data, ode[s].FxTrain, 1e-6);
            AssertClose(exact.Test(times[s], ThetaTd, FxTrain0, FxTest0).Data, ode[s].FxTest!, 1e-6);
        }
        Assert.Equal(Problem.FxTrain0, ode[0].FxTrain.Data);
    }

    [Theory]
    [InlineData(0.9, 0.5)]
    [InlineData(0.5, 2.0)]
    public void Momentum_on_mse_matches_the_exponential_of_the_linear_system(double momentum, double learningRate)
    {
        const double t = 6.0;
        var state = NeuralTangents.Predict.Momentum(Loss.MeanSquaredError, Theta, Problem.YTensor<double>(), learningRate, momentum)
            .Predict(t, FxTrain0, FxTest0, ThetaTd);

        // z = (f_train − y, f_test, q_train, q_test) per output column obeys z' = B z with
        // B = [[0, 0, I, 0], [0, 0, 0, I], [−Θ/N_y, 0, μI, 0], [−Θ_td/N_y, 0, 0, μI]], τ = √η·t.
        int size = 2 * (N + M);
        double mu = (momentum - 1) / Math.Sqrt(learningRate), ny = N * K;
        var b = new double[size * size];
        for (int i = 0; i < N + M; i++)
        {
            b[i * size + N + M + i] = 1;
            b[(N + M + i) * size + N + M + i] = mu;
        }
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) b[(N + M + i) * size + j] = -Theta.Data[i * N + j] / ny;
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++) b[(2 * N + M + i) * size + j] = -ThetaTd.Data[i * N + j] / ny;
        var propagator = Expm(Scale(b, Math.Sqrt(learningRate) * t), size);
        for (int c = 0; c < K; c++)
        {
            var z0 = new double[size];
            for (int i = 0; i < N; i++) z0[i] = Problem.FxTrain0[i * K + c] - Problem.Y[i * K + c];
            for (int i = 0; i < M; i++) z0[N + i] = Problem.FxTest0[i * K + c];
            var z = Mul(propagator, z0, size, size, 1);
            for (int i = 0; i < N; i++)
            {
                Assert.Equal(z[i] + Problem.Y[i * K + c], state.FxTrain.Data[i * K + c], 1e-6);
                Assert.Equal(z[N + M + i], state.QxTrain!.Data[i * K + c], 1e-6);
            }
            for (int i = 0; i < M; i++)
            {
                Assert.Equal(z[N + i], state.FxTest!.Data[i * K + c], 1e-6);
                Assert.Equal(z[2 * N + M + i], state.QxTest!.Data[i * K + c], 1e-6);
            }
        }
    }

    [Fact]
    public void Cross_entropy_dynamics_match_a_fine_fixed_step_integration_and_resume_from_a_state()
    {
        var y = OneHot();
        var predictor = NeuralTangents.Predict.GradientDescent(Loss.SoftmaxCrossEntropy, Theta, y, learningRate: 3.0);
        var states = predictor.Predict(new[] { 2.0, 5.0 }, FxTrain0, FxTest0, ThetaTd);

        var reference = FixedStepRk4(y.Data, 3.0 * 5.0, steps: 4000);
        AssertClose(reference.Train, states[1].FxTrain, 1e-7);
        AssertClose(reference.Test, states[1].FxTest!, 1e-7);

        // Resuming at t = 2 for 3 more units reaches the same state as running to 5.
        var resumed = predictor.Predict(new[] { 3.0 }, states[0], ThetaTd)[0];
        AssertClose(states[1].FxTrain.Data, resumed.FxTrain, 1e-6);

        // Training lowers the loss.
        Assert.True(Loss.SoftmaxCrossEntropy.Value(states[1].FxTrain.Data, y.Data, K) < Loss.SoftmaxCrossEntropy.Value(Problem.FxTrain0, y.Data, K));
    }

    [Fact]
    public void Cross_entropy_gradient_matches_finite_differences()
    {
        var y = OneHot().Data;
        var f = Problem.FxTrain0;
        var gradient = new double[f.Length];
        Loss.SoftmaxCrossEntropy.Gradient(f, y, K, gradient);
        for (int i = 0; i < f.Length; i++)
        {
            var plus = (double[])f.Clone();
            var minus = (double[])f.Clone();
            plus[i] += 1e-6;
            minus[i] -= 1e-6;
            double numeric = (Loss.SoftmaxCrossEntropy.Value(plus, y, K) - Loss.SoftmaxCrossEntropy.Value(minus, y, K)) / 2e-6;
            Assert.Equal(numeric, gradient[i], 1e-8);
        }
    }

    [Fact]
    public void Invalid_times_and_states_are_rejected()
    {
        var plain = NeuralTangents.Predict.GradientDescent(Loss.MeanSquaredError, Theta, Problem.YTensor<double>());
        Assert.Throws<ArgumentException>(() => plain.Predict(new[] { 2.0, 1.0 }, FxTrain0));
        Assert.Throws<ArgumentOutOfRangeException>(() => plain.Predict(double.PositiveInfinity, FxTrain0));
        Assert.Throws<ArgumentException>(() => plain.Predict(1.0, FxTrain0, FxTest0));
        var withVelocity = new OdeState<double>(FxTrain0, QxTrain: FxTrain0);
        Assert.Throws<ArgumentException>(() => plain.Predict(new[] { 1.0 }, withVelocity));
        Assert.Throws<ArgumentOutOfRangeException>(() => NeuralTangents.Predict.Momentum(Loss.MeanSquaredError, Theta, Problem.YTensor<double>(), 1.0, 1.0));
    }

    private static Tensor<double> OneHot()
    {
        var y = new double[N * K];
        for (int i = 0; i < N; i++) y[i * K + i % K] = 1;
        return new Tensor<double>(y, N, K);
    }

    // Classical RK4 with a fixed step on the same ODE, τ from 0 to tauEnd.
    private static (double[] Train, double[] Test) FixedStepRk4(double[] y, double tauEnd, int steps)
    {
        int train = N * K, test = M * K;
        var state = Problem.FxTrain0.Concat(Problem.FxTest0).ToArray();
        double[] Rate(double[] s)
        {
            var g = new double[train];
            Loss.SoftmaxCrossEntropy.Gradient(s.AsSpan(0, train), y, K, g);
            var a = Mul(Theta.Data, g, N, N, K);
            var b = Mul(ThetaTd.Data, g, M, N, K);
            return a.Concat(b).Select(v => -v).ToArray();
        }
        double h = tauEnd / steps;
        for (int step = 0; step < steps; step++)
        {
            var k1 = Rate(state);
            var k2 = Rate(Add(state, k1, h / 2));
            var k3 = Rate(Add(state, k2, h / 2));
            var k4 = Rate(Add(state, k3, h));
            for (int i = 0; i < state.Length; i++) state[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        return (state[..train], state[train..(train + test)]);
    }
}
