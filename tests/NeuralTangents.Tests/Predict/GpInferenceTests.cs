using static NeuralTangents.Tests.Predict.DenseReference;

namespace NeuralTangents.Tests.Predict;

public sealed class GpInferenceTests
{
    private const int N = 24, M = 7, K = 3;
    private static readonly PredictProblem Problem = new(N, M, K);

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(1e-2, false)]
    [InlineData(0.05, true)]
    public void Nngp_posterior_equals_the_closed_form(double diagReg, bool absolute)
    {
        var predictor = NeuralTangents.Predict.GpInference(Problem.KernelTrainTrain<double>(), Problem.YTensor<double>(), diagReg, absolute);
        var result = predictor.Nngp(Problem.KernelTestTrain<double>(), Problem.KernelTestTest<double>());

        var k = Problem.TrainTrain(Problem.Nngp);
        double lambda = absolute ? diagReg : diagReg * Trace(k, N) / N;
        var inverse = Inverse(AddDiagonal(k, N, lambda), N);
        var kTd = Problem.TestTrain(Problem.Nngp);
        var mean = Mul(Mul(kTd, inverse, M, N, N), Problem.Y, M, N, K);
        var cov = Add(Problem.TestTest(Problem.Nngp), Mul(Mul(kTd, inverse, M, N, N), T(kTd, M, N), M, N, M), -1);

        AssertClose(mean, result.Mean, 1e-9);
        AssertClose(cov, result.Covariance!, 1e-9);
        Assert.Equal(new[] { M, K }, result.Mean.Shape);
        Assert.Equal(lambda, predictor.NngpRegularizer, 1e-15);
    }

    [Fact]
    public void Ntk_posterior_equals_the_closed_form()
    {
        const double diagReg = 1e-3;
        var predictor = NeuralTangents.Predict.GpInference(Problem.KernelTrainTrain<double>(), Problem.YTensor<double>(), diagReg);
        var result = predictor.Ntk(Problem.KernelTestTrain<double>(), Problem.KernelTestTest<double>());

        var theta = Problem.TrainTrain(Problem.Ntk);
        var inverse = Inverse(AddDiagonal(theta, N, diagReg * Trace(theta, N) / N), N);
        var thetaTd = Problem.TestTrain(Problem.Ntk);
        var kDd = Problem.TrainTrain(Problem.Nngp);
        var kTd = Problem.TestTrain(Problem.Nngp);
        var x = Mul(thetaTd, inverse, M, N, N); // Θ_td A⁻¹
        var mean = Mul(x, Problem.Y, M, N, K);
        var cross = Mul(x, T(kTd, M, N), M, N, M);
        var cov = Add(Add(Problem.TestTest(Problem.Nngp), Mul(Mul(x, kDd, M, N, N), T(x, M, N), M, N, M)), Add(cross, T(cross, M, M)), -1);

        AssertClose(mean, result.Mean, 1e-9);
        AssertClose(cov, result.Covariance!, 1e-9);
    }

    [Fact]
    public void NtkGp_posterior_equals_the_closed_form()
    {
        var predictor = NeuralTangents.Predict.GpInference(Problem.KernelTrainTrain<double>(), Problem.YTensor<double>(), 0.0);
        var result = predictor.NtkGp(Problem.KernelTestTrain<double>(), Problem.KernelTestTest<double>());

        var inverse = Inverse(Problem.TrainTrain(Problem.Ntk), N);
        var thetaTd = Problem.TestTrain(Problem.Ntk);
        var mean = Mul(Mul(thetaTd, inverse, M, N, N), Problem.Y, M, N, K);
        var cov = Add(Problem.TestTest(Problem.Ntk), Mul(Mul(thetaTd, inverse, M, N, N), T(thetaTd, M, N), M, N, M), -1);

        AssertClose(mean, result.Mean, 1e-9);
        AssertClose(cov, result.Covariance!, 1e-9);
    }

    [Fact]
    public void Covariance_is_omitted_without_the_test_test_kernel_and_the_training_set_is_fitted_exactly()
    {
        var predictor = NeuralTangents.Predict.GpInference(Problem.KernelTrainTrain<double>(), Problem.YTensor<double>(), 1e-2);
        Assert.Null(predictor.Nngp(Problem.KernelTestTrain<double>()).Covariance);
        var train = predictor.Ntk(null, Problem.KernelTrainTrain<double>());
        Assert.Equal(Problem.Y, train.Mean.Data);
        Assert.All(train.Covariance!.Data, v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Float_posterior_matches_double_to_float_rounding()
    {
        var f = NeuralTangents.Predict.GpInference(Problem.KernelTrainTrain<float>(), Problem.YTensor<float>(), 1e-2)
            .Ntk(Problem.KernelTestTrain<float>(), Problem.KernelTestTest<float>());
        var d = NeuralTangents.Predict.GpInference(Problem.KernelTrainTrain<double>(), Problem.YTensor<double>(), 1e-2)
            .Ntk(Problem.KernelTestTrain<double>(), Problem.KernelTestTest<double>());
        for (int i = 0; i < d.Mean.Length; i++) Assert.Equal(d.Mean.Data[i], f.Mean.Data[i], 2e-4);
        for (int i = 0; i < d.Covariance!.Length; i++) Assert.Equal(d.Covariance.Data[i], f.Covariance!.Data[i], 2e-4);
    }

    [Fact]
    public void An_indefinite_kernel_throws_with_the_failing_pivot_instead_of_returning_NaN()
    {
        // Item 5 duplicated as item 9 with its variance lowered by 0.5: with λ on the diagonal the Schur
        // complement at pivot 9 is −0.5 + 2λ − λ²(A⁻¹)₅₅.
        var k = Problem.TrainTrain(Problem.Nngp);
        for (int j = 0; j < N; j++)
        {
            k[9 * N + j] = k[5 * N + j];
            k[j * N + 9] = k[j * N + 5];
        }
        k[9 * N + 9] = k[5 * N + 5] - 0.5;
        var kernel = PredictProblem.Kernel<double>(k, null, N, N);
        var predictor = NeuralTangents.Predict.GpInference(kernel, Problem.YTensor<double>(), 1e-3, diagRegAbsoluteScale: true);
        var error = Assert.Throws<NotPositiveDefiniteException>(() => predictor.Nngp(PredictProblem.Kernel<double>(Problem.TestTrain(Problem.Nngp), null, M, N)));
        Assert.Equal(9, error.PivotIndex);
        Assert.Equal(-0.5 + 2e-3, error.PivotValue!.Value, 1e-3);
        Assert.Contains("pivot 9", error.Message);
        Assert.Equal(1e-3, error.Regularizer);
    }

    [Fact]
    public void Missing_or_misshapen_kernels_are_rejected_with_the_argument_named()
    {
        var nngpOnly = PredictProblem.Kernel<double>(Problem.TrainTrain(Problem.Nngp), null, N, N);
        var predictor = NeuralTangents.Predict.GpInference(nngpOnly, Problem.YTensor<double>());
        var missing = Assert.Throws<ArgumentException>(() => predictor.Ntk(Problem.KernelTestTrain<double>()));
        Assert.Contains("NTK", missing.Message);

        var wrongTargets = PredictProblem.Tensor<double>(new double[(N + 1) * K], N + 1, K);
        var shape = Assert.Throws<ArgumentException>(() => NeuralTangents.Predict.GpInference(nngpOnly, wrongTargets));
        Assert.Contains("25×25", shape.Message);

        var wrongTest = PredictProblem.Kernel<double>(new double[M * (N - 1)], null, M, N - 1);
        Assert.Throws<ArgumentException>(() => predictor.Nngp(wrongTest));
        Assert.Throws<ArgumentOutOfRangeException>(() => NeuralTangents.Predict.GpInference(nngpOnly, Problem.YTensor<double>(), -1));
    }

    internal static void AssertClose(double[] expected, Tensor<double> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1, expected.Max(Math.Abs));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual.Data[i]) <= tolerance * scale,
                $"entry {i}: expected {expected[i]:R}, got {actual.Data[i]:R} (tolerance {tolerance * scale:G3})");
    }
}
