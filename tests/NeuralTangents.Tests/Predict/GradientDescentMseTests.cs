using static NeuralTangents.Tests.Predict.DenseReference;
using static NeuralTangents.Tests.Predict.GpInferenceTests;

namespace NeuralTangents.Tests.Predict;

public sealed class GradientDescentMseTests
{
    private const int N = 24, M = 7, K = 3;
    private static readonly PredictProblem Problem = new(N, M, K, seed: 2);

    [Theory]
    [InlineData(0.5, 1.0, 0.0)]
    [InlineData(7.0, 0.3, 1e-2)]
    [InlineData(60.0, 2.0, 1e-3)]
    public void Outputs_equal_the_closed_form_at_finite_time(double t, double learningRate, double diagReg)
    {
        var theta = Problem.TrainTrain(Problem.Ntk);
        var thetaTd = Problem.TestTrain(Problem.Ntk);
        var predictor = NeuralTangents.Predict.GradientDescentMse(PredictProblem.Tensor<double>(theta, N, N), Problem.YTensor<double>(), learningRate, diagReg);
        var fx0 = PredictProblem.Tensor<double>(Problem.FxTrain0, N, K);
        var fxTest0 = PredictProblem.Tensor<double>(Problem.FxTest0, M, K);

        // f_train = y + e^{−ηtA/N_y}(f0 − y);  f_test = f_test0 − Θ_td A⁻¹ (I − e^{−ηtA/N_y})(f0 − y).
        var a = AddDiagonal(theta, N, diagReg * Trace(theta, N) / N);
        var decay = Expm(Scale(a, -learningRate * t / (N * K)), N);
        var residual = Add(Problem.FxTrain0, Problem.Y, -1);
        var train = Add(Problem.Y, Mul(decay, residual, N, N, K));
        var moved = Mul(Add(Identity(N), decay, -1), residual, N, N, K);
        var test = Add(Problem.FxTest0, Mul(Mul(thetaTd, Inverse(a, N), M, N, N), moved, M, N, K), -1);

        AssertClose(train, predictor.Train(t, fx0), 1e-9);
        AssertClose(test, predictor.Test(t, PredictProblem.Tensor<double>(thetaTd, M, N), fx0, fxTest0), 1e-9);
    }

    [Fact]
    public void At_time_zero_the_initial_outputs_are_returned()
    {
        var predictor = NeuralTangents.Predict.GradientDescentMse(PredictProblem.Tensor<double>(Problem.TrainTrain(Problem.Ntk), N, N), Problem.YTensor<double>());
        var fx0 = PredictProblem.Tensor<double>(Problem.FxTrain0, N, K);
        var fxTest0 = PredictProblem.Tensor<double>(Problem.FxTest0, M, K);
        Assert.Equal(Problem.FxTrain0, predictor.Train(0, fx0).Data);
        Assert.Equal(Problem.FxTest0, predictor.Test(0, PredictProblem.Tensor<double>(Problem.TestTrain(Problem.Ntk), M, N), fx0, fxTest0).Data);
    }

    [Fact]
    public void Long_training_approaches_gp_inference_and_infinity_equals_it()
    {
        const double diagReg = 1e-2;
        var theta = PredictProblem.Tensor<double>(Problem.TrainTrain(Problem.Ntk), N, N);
        var kTd = PredictProblem.Tensor<double>(Problem.TestTrain(Problem.Ntk), M, N);
        var predictor = NeuralTangents.Predict.GradientDescentMse(theta, Problem.YTensor<double>(), 1.0, diagReg);
        var gp = NeuralTangents.Predict.GpInference(Problem.KernelTrainTrain<double>(), Problem.YTensor<double>(), diagReg)
            .Ntk(Problem.KernelTestTrain<double>()).Mean;

        var infinite = predictor.Test(double.PositiveInfinity, kTd);
        AssertClose(gp.Data, infinite, 1e-10);
        Assert.Equal(Problem.Y, predictor.Train(double.PositiveInfinity).Data);

        // The slowest mode decays as e^{−σ_min·t/N_y}: pick t so that it is below 1e-8.
        double sigmaMin = MinEigenvalue(AddDiagonal(theta.Data, N, predictor.Regularization));
        double t = N * K * Math.Log(1e8) / sigmaMin;
        AssertClose(gp.Data, predictor.Test(t, kTd), 1e-7);
        var early = predictor.Test(t / 1e4, kTd);
        Assert.True(MaxDifference(gp.Data, early.Data) > 1e-3, "early outputs should still differ from the converged ones");
    }

    [Fact]
    public void Several_times_at_once_equal_separate_calls_and_only_learning_rate_times_t_matters()
    {
        var theta = PredictProblem.Tensor<double>(Problem.TrainTrain(Problem.Ntk), N, N);
        var kTd = PredictProblem.Tensor<double>(Problem.TestTrain(Problem.Ntk), M, N);
        var fx0 = PredictProblem.Tensor<double>(Problem.FxTrain0, N, K);
        var predictor = NeuralTangents.Predict.GradientDescentMse(theta, Problem.YTensor<double>(), 1.0, 1e-3);
        double[] times = { 0, 3, 30, double.PositiveInfinity };
        var stacked = predictor.Test(times, kTd, fx0);
        Assert.Equal(new[] { 4, M, K }, stacked.Shape);
        var stackedTrain = predictor.Train(times, fx0);
        for (int s = 0; s < times.Length; s++)
        {
            AssertClose(predictor.Test(times[s], kTd, fx0).Data, stacked.SliceRows(s, 1).Reshape(M, K), 1e-12);
            AssertClose(predictor.Train(times[s], fx0).Data, stackedTrain.SliceRows(s, 1).Reshape(N, K), 1e-12);
        }
        var doubled = NeuralTangents.Predict.GradientDescentMse(theta, Problem.YTensor<double>(), 2.0, 1e-3);
        AssertClose(predictor.Test(30, kTd, fx0).Data, doubled.Test(15, kTd, fx0), 1e-12);
    }

    [Fact]
    public void Vector_targets_keep_their_rank()
    {
        var y = PredictProblem.Tensor<double>(Problem.Y[..N], N);
        var theta = PredictProblem.Tensor<double>(Problem.TrainTrain(Problem.Ntk), N, N);
        var predictor = NeuralTangents.Predict.GradientDescentMse(theta, y);
        Assert.Equal(new[] { M }, predictor.Test(5, PredictProblem.Tensor<double>(Problem.TestTrain(Problem.Ntk), M, N)).Shape);
        Assert.Equal(new[] { 2, N }, predictor.Train(new[] { 1.0, 2.0 }).Shape);
    }

    [Fact]
    public void A_kernel_with_a_clearly_negative_eigenvalue_throws_with_it()
    {
        var theta = Problem.TrainTrain(Problem.Ntk);
        theta[3 * N + 3] -= 50; // pushes one eigenvalue far below zero
        var predictor = NeuralTangents.Predict.GradientDescentMse(PredictProblem.Tensor<double>(theta, N, N), Problem.YTensor<double>());
        var error = Assert.Throws<NotPositiveDefiniteException>(() => predictor.Train(1.0));
        Assert.True(error.SmallestEigenvalue < -1);
        Assert.Contains("smallest eigenvalue", error.Message);
        Assert.Throws<NotPositiveDefiniteException>(() => predictor.Test(double.PositiveInfinity, PredictProblem.Tensor<double>(Problem.TestTrain(Problem.Ntk), M, N)));
    }

    [Fact]
    public void Training_outputs_at_infinity_check_the_kernel_as_every_other_time_does()
    {
        var theta = Problem.TrainTrain(Problem.Ntk);
        theta[3 * N + 3] -= 50;
        var predictor = NeuralTangents.Predict.GradientDescentMse(PredictProblem.Tensor<double>(theta, N, N), Problem.YTensor<double>());
        var error = Assert.Throws<NotPositiveDefiniteException>(() => predictor.Train(double.PositiveInfinity));
        Assert.Contains("train-train kernel", error.Message);
        Assert.Throws<NotPositiveDefiniteException>(() => predictor.Train(new[] { 0.0, double.PositiveInfinity }));
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        var theta = PredictProblem.Tensor<double>(Problem.TrainTrain(Problem.Ntk), N, N);
        Assert.Throws<ArgumentOutOfRangeException>(() => NeuralTangents.Predict.GradientDescentMse(theta, Problem.YTensor<double>(), learningRate: 0));
        var predictor = NeuralTangents.Predict.GradientDescentMse(theta, Problem.YTensor<double>());
        Assert.Throws<ArgumentOutOfRangeException>(() => predictor.Train(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => predictor.Train(double.NaN));
        var badFx = Assert.Throws<ArgumentException>(() => predictor.Train(1, PredictProblem.Tensor<double>(new double[N], N)));
        Assert.Contains("fxTrain0", badFx.Message);
    }

    private static double MinEigenvalue(double[] a)
    {
        var values = new double[N];
        NeuralTangents.LinearAlgebra.ManagedBackend.Instance.SymmetricEigen(N, (double[])a.Clone(), N, values, vectors: false);
        return values[0];
    }

    private static double MaxDifference(double[] a, double[] b) => a.Select((x, i) => Math.Abs(x - b[i])).Max();
}
