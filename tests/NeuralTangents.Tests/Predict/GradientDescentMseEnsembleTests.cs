using static NeuralTangents.Tests.Predict.DenseReference;
using static NeuralTangents.Tests.Predict.GpInferenceTests;

namespace NeuralTangents.Tests.Predict;

public sealed class GradientDescentMseEnsembleTests
{
    private const int N = 20, M = 6, K = 2;
    private static readonly PredictProblem Problem = new(N, M, K, seed: 4);
    private static readonly Tensor<double> XTrain = Ids(0, N), XTest = Ids(N, M);

    [Fact]
    public void Predict_on_test_inputs_alone_is_the_converged_prediction_as_in_neural_tangents()
    {
        var predictor = NeuralTangents.Predict.GradientDescentMseEnsemble(KernelFn(), XTrain, Problem.YTensor<double>(), learningRate: 0.5);
        var converged = predictor.Predict(XTest, computeCovariance: true);
        var explicitInfinity = predictor.Predict(double.PositiveInfinity, XTest, computeCovariance: true);
        Assert.True(double.IsPositiveInfinity(converged.Time));
        Assert.Equal(explicitInfinity.Nngp!.Mean.Data, converged.Nngp!.Mean.Data);
        Assert.Equal(explicitInfinity.Ntk!.Covariance!.Data, converged.Ntk!.Covariance!.Data);
        // The named form of the time-first overload still binds (no ambiguity).
        Assert.Equal(explicitInfinity.Ntk.Mean.Data, predictor.Predict(xTest: XTest).Ntk!.Mean.Data);
        Assert.Throws<ArgumentNullException>(() => predictor.Predict((Tensor<double>)null!));
    }

    [Theory]
    [InlineData(0.7, 1e-2)]
    [InlineData(25.0, 0.0)]
    public void Test_means_and_covariances_equal_the_closed_form(double t, double diagReg)
    {
        var predictor = NeuralTangents.Predict.GradientDescentMseEnsemble(KernelFn(), XTrain, Problem.YTensor<double>(), learningRate: 0.5, diagReg: diagReg);
        var result = predictor.Predict(t, XTest, KernelOutputs.Both, computeCovariance: true);

        double tau = 0.5 * t / (N * K);
        var k = Problem.TrainTrain(Problem.Nngp);
        var theta = Problem.TrainTrain(Problem.Ntk);
        var kTd = Problem.TestTrain(Problem.Nngp);
        var thetaTd = Problem.TestTrain(Problem.Ntk);
        var kTt = Problem.TestTest(Problem.Nngp);
        var aK = AddDiagonal(k, N, diagReg * Trace(k, N) / N);
        var aTheta = AddDiagonal(theta, N, diagReg * Trace(theta, N) / N);
        // R(τ) = A⁻¹ (I − e^{−τA}).
        double[] R(double[] a, double s) => Mul(Inverse(a, N), Add(Identity(N), Expm(Scale(a, -s), N), -1), N, N, N);

        var nngpMean = Mul(Mul(kTd, R(aK, tau), M, N, N), Problem.Y, M, N, K);
        var nngpCov = Add(kTt, Mul(Mul(kTd, R(aK, 2 * tau), M, N, N), T(kTd, M, N), M, N, M), -1);
        var rTheta = R(aTheta, tau);
        var ntkMean = Mul(Mul(thetaTd, rTheta, M, N, N), Problem.Y, M, N, K);
        var mMatrix = Mul(rTheta, T(thetaTd, M, N), N, N, M);
        var cross = Mul(Mul(thetaTd, rTheta, M, N, N), T(kTd, M, N), M, N, M);
        var ntkCov = Add(Add(kTt, Mul(T(mMatrix, N, M), Mul(k, mMatrix, N, N, M), M, N, M)), Add(cross, T(cross, M, M)), -1);

        AssertClose(nngpMean, result.Nngp!.Mean, 1e-9);
        AssertClose(nngpCov, result.Nngp.Covariance!, 1e-9);
        AssertClose(ntkMean, result.Ntk!.Mean, 1e-9);
        AssertClose(ntkCov, result.Ntk.Covariance!, 1e-9);
    }

    [Fact]
    public void Training_set_means_and_covariances_equal_the_closed_form()
    {
        const double t = 3.0, diagReg = 1e-2;
        var predictor = NeuralTangents.Predict.GradientDescentMseEnsemble(KernelFn(), XTrain, Problem.YTensor<double>(), diagReg: diagReg);
        var result = predictor.Predict(t, null, KernelOutputs.Both, computeCovariance: true);

        double tau = t / (N * K);
        var k = Problem.TrainTrain(Problem.Nngp);
        var theta = Problem.TrainTrain(Problem.Ntk);
        var aK = AddDiagonal(k, N, diagReg * Trace(k, N) / N);
        var aTheta = AddDiagonal(theta, N, diagReg * Trace(theta, N) / N);
        var eK = Expm(Scale(aK, -tau), N);
        var eTheta = Expm(Scale(aTheta, -tau), N);

        AssertClose(Mul(Add(Identity(N), eK, -1), Problem.Y, N, N, K), result.Nngp!.Mean, 1e-9);
        AssertClose(Mul(aK, Expm(Scale(aK, -2 * tau), N), N, N, N), result.Nngp.Covariance!, 1e-9);
        AssertClose(Mul(Add(Identity(N), eTheta, -1), Problem.Y, N, N, K), result.Ntk!.Mean, 1e-9);
        AssertClose(Mul(Mul(eTheta, k, N, N, N), eTheta, N, N, N), result.Ntk.Covariance!, 1e-9);
    }

    [Fact]
    public void Infinite_time_is_gp_inference_and_time_zero_is_the_prior()
    {
        const double diagReg = 1e-3;
        var predictor = NeuralTangents.Predict.GradientDescentMseEnsemble(KernelFn(), XTrain, Problem.YTensor<double>(), diagReg: diagReg);
        var gp = NeuralTangents.Predict.GpInference(Problem.KernelTrainTrain<double>(), Problem.YTensor<double>(), diagReg);
        var infinite = predictor.Predict(double.PositiveInfinity, XTest, computeCovariance: true);
        var expectedNtk = gp.Ntk(Problem.KernelTestTrain<double>(), Problem.KernelTestTest<double>());
        var expectedNngp = gp.Nngp(Problem.KernelTestTrain<double>(), Problem.KernelTestTest<double>());
        AssertClose(expectedNtk.Mean.Data, infinite.Ntk!.Mean, 1e-12);
        AssertClose(expectedNtk.Covariance!.Data, infinite.Ntk.Covariance!, 1e-12);
        AssertClose(expectedNngp.Covariance!.Data, infinite.Nngp!.Covariance!, 1e-12);

        // Very long training reaches the same place through the eigendecomposition.
        var late = predictor.Predict(1e9, XTest, computeCovariance: true);
        AssertClose(expectedNtk.Mean.Data, late.Ntk!.Mean, 1e-7);
        AssertClose(expectedNtk.Covariance!.Data, late.Ntk.Covariance!, 1e-7);

        var prior = predictor.Predict(0, XTest, computeCovariance: true);
        Assert.All(prior.Ntk!.Mean.Data, v => Assert.Equal(0.0, v, 1e-15));
        AssertClose(Problem.TestTest(Problem.Nngp), prior.Ntk.Covariance!, 1e-12);
        AssertClose(Problem.TestTest(Problem.Nngp), prior.Nngp!.Covariance!, 1e-12);
    }

    [Fact]
    public void Covariances_are_symmetric_positive_semidefinite_at_every_time()
    {
        var predictor = NeuralTangents.Predict.GradientDescentMseEnsemble(KernelFn(), XTrain, Problem.YTensor<double>(), diagReg: 1e-4);
        foreach (var prediction in predictor.Predict(new[] { 0.0, 0.1, 1.0, 10.0, 1e3, double.PositiveInfinity }, XTest, computeCovariance: true))
            foreach (var gaussian in new[] { prediction.Nngp!, prediction.Ntk! })
            {
                var c = gaussian.Covariance!.Data;
                for (int i = 0; i < M; i++)
                    for (int j = 0; j < M; j++) Assert.Equal(c[i * M + j], c[j * M + i]);
                var values = new double[M];
                NeuralTangents.LinearAlgebra.ManagedBackend.Instance.SymmetricEigen(M, (double[])c.Clone(), M, values, vectors: false);
                Assert.True(values[0] > -1e-10 * Math.Max(1, values[^1]), $"t = {prediction.Time}: smallest eigenvalue {values[0]}");
            }
    }

    [Fact]
    public void Kernels_are_computed_once_and_reused_across_times_and_regimes()
    {
        var calls = new List<string>();
        var predictor = NeuralTangents.Predict.GradientDescentMseEnsemble(KernelFn(calls), XTrain, Problem.YTensor<double>(), diagReg: 1e-3);
        predictor.Predict(1.0, XTest, KernelOutputs.Nngp);
        predictor.Predict(2.0, XTest, KernelOutputs.Both, computeCovariance: true);
        predictor.Predict(double.PositiveInfinity, XTest, KernelOutputs.Both, computeCovariance: true);
        Assert.Equal(new[] { "train-train Nngp", "test-train Nngp", "train-train Both", "test-train Both", "test-test Nngp" }, calls);
    }

    [Fact]
    public void Float_predictions_agree_with_double()
    {
        var d = NeuralTangents.Predict.GradientDescentMseEnsemble(KernelFn(), XTrain, Problem.YTensor<double>(), diagReg: 1e-2)
            .Predict(5.0, XTest, computeCovariance: true);
        var f = NeuralTangents.Predict.GradientDescentMseEnsemble(KernelFn<float>(), Ids<float>(0, N), Problem.YTensor<float>(), diagReg: 1e-2)
            .Predict(5.0, Ids<float>(N, M), computeCovariance: true);
        for (int i = 0; i < d.Ntk!.Mean.Length; i++) Assert.Equal(d.Ntk.Mean.Data[i], f.Ntk!.Mean.Data[i], 1e-4);
        for (int i = 0; i < d.Ntk.Covariance!.Length; i++) Assert.Equal(d.Ntk.Covariance.Data[i], f.Ntk!.Covariance!.Data[i], 1e-4);
    }

    private static KernelFunction<double> KernelFn(List<string>? calls = null) => KernelFn<double>(calls);

    // Items are identified by an id in a single feature; the kernels are blocks of the problem's joint matrices.
    private static KernelFunction<T> KernelFn<T>(List<string>? calls = null) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        (x1, x2, get) =>
        {
            var ids1 = x1.Data.Select(v => int.CreateTruncating(v)).ToArray();
            var ids2 = (x2 ?? x1).Data.Select(v => int.CreateTruncating(v)).ToArray();
            string which = x2 is null ? (ids1[0] == 0 ? "train-train" : "test-test") : "test-train";
            calls?.Add($"{which} {get}");
            double[] Block(double[] joint) => ids1.SelectMany(i => ids2.Select(j => joint[i * (N + M) + j])).ToArray();
            return PredictProblem.Kernel<T>(
                get.HasFlag(KernelOutputs.Nngp) ? Block(Problem.Nngp) : null,
                get.HasFlag(KernelOutputs.Ntk) ? Block(Problem.Ntk) : null, ids1.Length, ids2.Length);
        };

    private static Tensor<double> Ids(int start, int count) => Ids<double>(start, count);

    private static Tensor<T> Ids<T>(int start, int count) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        new(Enumerable.Range(start, count).Select(i => T.CreateTruncating(i)).ToArray(), count, 1);
}
