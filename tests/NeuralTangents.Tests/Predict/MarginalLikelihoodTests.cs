using MathNet.Numerics.LinearAlgebra;
using NeuralTangents.Tests.Fitting;

namespace NeuralTangents.Tests.Predict;

public sealed class MarginalLikelihoodTests
{
    private const int N = 30, D = 4;

    [Theory]
    [InlineData(1, 1e-2, false)]
    [InlineData(3, 1e-2, false)]
    [InlineData(3, 0.05, true)]
    [InlineData(2, 0.0, false)]
    public void Value_equals_the_eigenvalue_computation_to_1e_9(int outputs, double diagReg, bool absolute)
    {
        var problem = new PredictProblem(N, 1, outputs);
        var k = problem.TrainTrain(problem.Nngp);
        var y = outputs == 1 ? PredictProblem.Tensor<double>(problem.Y, N) : problem.YTensor<double>();

        double value = NeuralTangents.Predict.LogMarginalLikelihood(new Tensor<double>(k, N, N), y, diagReg, absolute);

        double lambda = absolute ? diagReg : diagReg * Enumerable.Range(0, N).Sum(i => k[i * N + i]) / N;
        Assert.Equal(EigenReference(k, problem.Y, outputs, lambda), value, Math.Abs(value) * 1e-9);
    }

    [Fact]
    public void A_float32_kernel_gives_the_likelihood_of_its_float64_copy()
    {
        var problem = new PredictProblem(N, 1, 2);
        var k32 = PredictProblem.Tensor<float>(problem.TrainTrain(problem.Nngp), N, N);
        var y32 = problem.YTensor<float>();
        var k64 = k32.Cast<double>();
        var y64 = y32.Cast<double>();

        double single = NeuralTangents.Predict.LogMarginalLikelihood(k32, y32, 1e-3);
        double wide = NeuralTangents.Predict.LogMarginalLikelihood(k64, y64, 1e-3);

        // Both widen to the same float64 values and run the same float64 code.
        Assert.Equal(wide, single);

        var d32 = new[] { k32, PredictProblem.Tensor<float>(Enumerable.Repeat(1.0, N * N).ToArray(), N, N) };
        var withGradient32 = NeuralTangents.Predict.LogMarginalLikelihood(k32, y32, d32, 1e-3);
        var withGradient64 = NeuralTangents.Predict.LogMarginalLikelihood(k64, y64, d32.Select(d => d.Cast<double>()).ToArray(), 1e-3);
        Assert.Equal(withGradient64.Gradient, withGradient32.Gradient);
        Assert.Equal(withGradient64.DiagRegGradient, withGradient32.DiagRegGradient);
    }

    [Theory]
    [InlineData(1, 1e-2, false)]
    [InlineData(3, 1e-2, false)]
    [InlineData(3, 0.1, true)]
    public void Gradient_matches_central_differences(int outputs, double diagReg, bool absolute)
    {
        var family = new KernelFamily(seed: 5);
        double[] theta = { 1.3, 0.4, 0.8 };
        var y = new Tensor<double>(GaussianSamples.Normals(N * outputs, seed: 9), N, outputs);

        var result = NeuralTangents.Predict.LogMarginalLikelihood(family.Kernel(theta), y, family.Derivatives(theta), diagReg, absolute);

        // Central differences: truncation h²·L'''/6 ~ 1e-10·|L'| at h = 1e-5·θ, rounding ε·|L|/h ~ 1e-9; 1e-6 relative holds with margin.
        for (int i = 0; i < theta.Length; i++)
        {
            double h = 1e-5 * theta[i];
            double Likelihood(double delta)
            {
                var shifted = (double[])theta.Clone();
                shifted[i] += delta;
                return NeuralTangents.Predict.LogMarginalLikelihood(family.Kernel(shifted), y, diagReg, absolute);
            }
            double expected = (Likelihood(h) - Likelihood(-h)) / (2 * h);
            Assert.True(Math.Abs(result.Gradient[i] - expected) <= 1e-6 * Math.Abs(expected),
                $"∂/∂θ{i}: {result.Gradient[i]:R} vs central difference {expected:R}");
        }

        double r = 1e-5 * diagReg;
        double expectedDiag = (NeuralTangents.Predict.LogMarginalLikelihood(family.Kernel(theta), y, diagReg + r, absolute)
            - NeuralTangents.Predict.LogMarginalLikelihood(family.Kernel(theta), y, diagReg - r, absolute)) / (2 * r);
        Assert.True(Math.Abs(result.DiagRegGradient - expectedDiag) <= 1e-6 * Math.Abs(expectedDiag),
            $"∂/∂diagReg: {result.DiagRegGradient:R} vs central difference {expectedDiag:R}");
        Assert.Equal(NeuralTangents.Predict.LogMarginalLikelihood(family.Kernel(theta), y, diagReg, absolute), result.Value);
    }

    [Fact]
    public void Regularizer_is_relative_to_the_mean_diagonal_unless_absolute()
    {
        var family = new KernelFamily(seed: 5);
        double[] theta = { 1.3, 0.4, 0.8 };
        var kernel = family.Kernel(theta);
        var y = new Tensor<double>(GaussianSamples.Normals(N, seed: 2), N);
        double meanDiagonal = Enumerable.Range(0, N).Sum(i => kernel.Data[i * N + i]) / N;

        var relative = NeuralTangents.Predict.LogMarginalLikelihood(kernel, y, Array.Empty<Tensor<double>>(), 0.01);
        var absolute = NeuralTangents.Predict.LogMarginalLikelihood(kernel, y, Array.Empty<Tensor<double>>(), 0.01 * meanDiagonal, true);

        Assert.Equal(0.01 * meanDiagonal, relative.Regularizer, 1e-15);
        Assert.Equal(absolute.Value, relative.Value, Math.Abs(relative.Value) * 1e-13);
        // d/d(relative diagReg) = meanDiagonal · d/dλ.
        Assert.Equal(absolute.DiagRegGradient * meanDiagonal, relative.DiagRegGradient, Math.Abs(relative.DiagRegGradient) * 1e-12);
        Assert.Empty(relative.Gradient);
    }

    [Fact]
    public void A_kernel_that_is_not_positive_definite_throws_NotPositiveDefiniteException()
    {
        // Eigenvalues 3 and −1.
        var kernel = new Tensor<double>(new[] { 1.0, 2, 2, 1 }, 2, 2);
        var y = new Tensor<double>(new[] { 1.0, -1 }, 2);

        var e = Assert.Throws<NotPositiveDefiniteException>(() => NeuralTangents.Predict.LogMarginalLikelihood(kernel, y));
        Assert.Equal(1, e.PivotIndex);
        Assert.Throws<NotPositiveDefiniteException>(() =>
            NeuralTangents.Predict.LogMarginalLikelihood(kernel, y, new[] { Tensor<double>.Zeros(2, 2) }));
    }

    [Fact]
    public void Bad_shapes_and_values_are_rejected_with_the_argument_and_shape()
    {
        var kernel = new Tensor<double>(new[] { 2.0, 1, 1, 2 }, 2, 2);
        var y = new Tensor<double>(new[] { 1.0, -1 }, 2);

        var rows = Assert.Throws<ArgumentException>(() => NeuralTangents.Predict.LogMarginalLikelihood(kernel, new Tensor<double>(new double[3], 3)));
        Assert.Equal("kTrainTrain", rows.ParamName);
        Assert.Contains("3×3", rows.Message);
        Assert.Contains("(2, 2)", rows.Message);

        var rank = Assert.Throws<ArgumentException>(() => NeuralTangents.Predict.LogMarginalLikelihood(kernel, new Tensor<double>(new double[4], 2, 1, 2)));
        Assert.Equal("yTrain", rank.ParamName);

        var empty = Assert.Throws<ArgumentException>(() => NeuralTangents.Predict.LogMarginalLikelihood(Tensor<double>.Zeros(0, 0), Tensor<double>.Zeros(0)));
        Assert.Equal("yTrain", empty.ParamName);

        Assert.Throws<ArgumentOutOfRangeException>("diagReg", () => NeuralTangents.Predict.LogMarginalLikelihood(kernel, y, -1e-3));

        var derivative = Assert.Throws<ArgumentException>(() =>
            NeuralTangents.Predict.LogMarginalLikelihood(kernel, y, new[] { Tensor<double>.Zeros(2, 2), Tensor<double>.Zeros(3, 2) }));
        Assert.Equal("kernelDerivatives", derivative.ParamName);
        Assert.Contains("kernelDerivatives[1]", derivative.Message);
        Assert.Contains("(3, 2)", derivative.Message);

        var nullEntry = Assert.Throws<ArgumentException>(() => NeuralTangents.Predict.LogMarginalLikelihood(kernel, y, new Tensor<double>[] { null! }));
        Assert.Contains("kernelDerivatives[0] is null", nullEntry.Message);

        var nan = Assert.Throws<ArgumentException>(() =>
            NeuralTangents.Predict.LogMarginalLikelihood(kernel, y, new[] { new Tensor<double>(new[] { 0, double.NaN, 0, 0 }, 2, 2) }));
        Assert.Contains("finite", nan.Message);
    }

    /// <summary>
    /// log p(Y) from the eigendecomposition of A = K + λI (MathNet, no Cholesky): log det A = Σ log μ_i and
    /// yᵀA⁻¹y = Σ_i (v_iᵀy)²/μ_i.
    /// </summary>
    private static double EigenReference(double[] k, double[] y, int outputs, double lambda)
    {
        var a = Matrix<double>.Build.DenseOfRowMajor(N, N, k) + lambda * Matrix<double>.Build.DenseIdentity(N);
        var evd = a.Evd(Symmetricity.Symmetric);
        var mu = evd.EigenValues.Select(c => c.Real).ToArray();
        var projections = evd.EigenVectors.TransposeThisAndMultiply(Matrix<double>.Build.DenseOfRowMajor(N, outputs, y));
        double quadratic = 0;
        for (int i = 0; i < N; i++)
            for (int c = 0; c < outputs; c++) quadratic += projections[i, c] * projections[i, c] / mu[i];
        return -0.5 * quadratic - 0.5 * outputs * mu.Sum(Math.Log) - 0.5 * N * outputs * Math.Log(2 * Math.PI);
    }

    /// <summary>
    /// A kernel of three hyperparameters with closed-form derivatives: K = w²·XXᵀ/d + b² + exp(−‖x − x'‖²/(2ℓ²)),
    /// so ∂K/∂w = 2w·XXᵀ/d, ∂K/∂b = 2b and ∂K/∂ℓ = exp(−‖x − x'‖²/(2ℓ²))·‖x − x'‖²/ℓ³.
    /// </summary>
    private sealed class KernelFamily
    {
        private readonly double[] _gram = new double[N * N], _distance = new double[N * N];

        public KernelFamily(int seed)
        {
            var x = GaussianSamples.Normals(N * D, seed);
            for (int i = 0; i < N; i++)
                for (int j = 0; j < N; j++)
                    for (int p = 0; p < D; p++)
                    {
                        _gram[i * N + j] += x[i * D + p] * x[j * D + p] / D;
                        double diff = x[i * D + p] - x[j * D + p];
                        _distance[i * N + j] += diff * diff;
                    }
        }

        public Tensor<double> Kernel(double[] t) =>
            Build(i => t[0] * t[0] * _gram[i] + t[1] * t[1] + Math.Exp(-_distance[i] / (2 * t[2] * t[2])));

        public Tensor<double>[] Derivatives(double[] t) => new[]
        {
            Build(i => 2 * t[0] * _gram[i]),
            Build(_ => 2 * t[1]),
            Build(i => Math.Exp(-_distance[i] / (2 * t[2] * t[2])) * _distance[i] / (t[2] * t[2] * t[2])),
        };

        private static Tensor<double> Build(Func<int, double> entry) => new(Enumerable.Range(0, N * N).Select(entry).ToArray(), N, N);
    }
}
