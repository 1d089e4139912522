using static NeuralTangents.Tests.Predict.DenseReference;

namespace NeuralTangents.Tests.Predict;

public sealed class MaxLearningRateTests
{
    private const int N = 16, K = 2;

    [Fact]
    public void Equals_the_formula_for_a_kernel_with_a_known_spectrum()
    {
        // Θ = Qᵀ diag(s) Q with Q orthogonal (Gram–Schmidt of a random matrix) and λ_max = 9.
        var s = Enumerable.Range(0, N).Select(i => 0.5 + 8.5 * i / (N - 1)).ToArray();
        var theta = KernelWithSpectrum(s);
        Assert.Equal(2.0 * N / 9.0, NeuralTangents.Predict.MaxLearningRate(theta), 1e-10);
        Assert.Equal(2.0 * 1.5 * N * K / 9.0, NeuralTangents.Predict.MaxLearningRate(theta, N * K, momentum: 0.5), 1e-10);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.9)]
    public void Discrete_gradient_descent_converges_below_it_and_diverges_above_it(double momentum)
    {
        var s = Enumerable.Range(0, N).Select(i => 0.1 + 3.0 * i / (N - 1)).ToArray();
        var theta = KernelWithSpectrum(s);
        double max = NeuralTangents.Predict.MaxLearningRate(theta, N * K, momentum);
        Assert.True(Residual(theta.Data, 0.9 * max, momentum, steps: 3000) < 1e-3);
        Assert.True(Residual(theta.Data, 1.1 * max, momentum, steps: 3000) > 1e3);
    }

    // Heavy-ball GD on ½·mean((f − y)²) in function space, from f = 0 with y = 1: returns |f − y|∞ (+∞ once it
    // has clearly diverged, before overflow turns it into NaN).
    private static double Residual(double[] theta, double learningRate, double momentum, int steps)
    {
        var f = new double[N * K];
        var velocity = new double[N * K];
        for (int step = 0; step < steps; step++)
        {
            var gradient = f.Select(v => (v - 1) / (N * K)).ToArray();
            var update = Mul(theta, gradient, N, N, K);
            for (int i = 0; i < f.Length; i++)
            {
                velocity[i] = momentum * velocity[i] - learningRate * update[i];
                f[i] += velocity[i];
            }
            if (f.Any(v => !(Math.Abs(v) < 1e12))) return double.PositiveInfinity;
        }
        return f.Max(v => Math.Abs(v - 1));
    }

    private static Tensor<double> KernelWithSpectrum(double[] s)
    {
        var random = new System.Random(3);
        var q = new double[N * N];
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++) q[i * N + j] = random.NextDouble() - 0.5;
            for (int p = 0; p < i; p++)
            {
                double dot = Enumerable.Range(0, N).Sum(j => q[i * N + j] * q[p * N + j]);
                for (int j = 0; j < N; j++) q[i * N + j] -= dot * q[p * N + j];
            }
            double norm = Math.Sqrt(Enumerable.Range(0, N).Sum(j => q[i * N + j] * q[i * N + j]));
            for (int j = 0; j < N; j++) q[i * N + j] /= norm;
        }
        var scaled = new double[N * N];
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) scaled[i * N + j] = s[i] * q[i * N + j];
        return new Tensor<double>(Mul(T(q, N, N), scaled, N, N, N), N, N);
    }
}
