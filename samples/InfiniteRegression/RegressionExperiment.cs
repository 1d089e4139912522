using NeuralTangents;

namespace NeuralTangents.Samples;

/// <summary>The settings of the regression experiment (the example of Neural Tangents' README).</summary>
public sealed record RegressionSettings
{
    public int Width { get; init; } = 512;
    public int TrainCount { get; init; } = 10;
    public int TestCount { get; init; } = 121;
    public double Noise { get; init; } = 0.05;
    public int Networks { get; init; } = 3;
    public int Steps { get; init; } = 1000;
    public double DiagonalRegularizer { get; init; } = 1e-4;
    public ulong Seed { get; init; } = 1;
}

/// <summary>Everything the plot and the CSV show, per test point.</summary>
public sealed record RegressionResult(
    double[] TrainX, double[] TrainY, double[] TestX, double[] Target,
    double[] NngpMean, double[] NngpStd, double[] NtkMean, double[] NtkStd, double[] NtkInfinityMean, double[] NtkInfinityStd,
    double[][] Networks, double LearningRate, int Steps)
{
    /// <summary>The mean prediction of the trained finite networks.</summary>
    public double[] NetworkMean => Enumerable.Range(0, TestX.Length).Select(i => Networks.Average(n => n[i])).ToArray();
}

/// <summary>
/// 1-D regression of sin(x) from a few noisy points: the infinite network's Bayesian posterior (NNGP) and the
/// distribution of infinitely many wide networks trained by gradient descent (NTK, at the same training time as
/// the finite networks and at t = ∞), against a few finite networks actually trained by SGD.
/// </summary>
public static class RegressionExperiment
{
    public static ILayer Network(int width) => Stax.Serial(
        Stax.Dense(width, 1.5, 0.05), Stax.Erf(), Stax.Dense(width, 1.5, 0.05), Stax.Erf(), Stax.Dense(1, 1.5, 0.05));

    public static RegressionResult Run(RegressionSettings settings, Action<string>? log = null)
    {
        var key = new PrngKey(settings.Seed);
        int n = settings.TrainCount, m = settings.TestCount;
        var trainX = Enumerable.Range(0, n).Select(i => -Math.PI + 2 * Math.PI * key.Child(0).Uniform(i)).ToArray();
        var noise = new double[n];
        key.Child(1).FillNormal(noise);
        var trainY = trainX.Select((x, i) => Math.Sin(x) + settings.Noise * noise[i]).ToArray();
        var testX = Enumerable.Range(0, m).Select(i => -Math.PI + 2 * Math.PI * i / (m - 1)).ToArray();
        var xTrain = Tensor<double>.FromFunction(new[] { n, 1 }, i => trainX[i]);
        var yTrain = Tensor<double>.FromFunction(new[] { n, 1 }, i => trainY[i]);
        var xTest = Tensor<double>.FromFunction(new[] { m, 1 }, i => testX[i]);
        var network = Network(settings.Width);

        // Infinite width: the analytic kernels.
        var trainTrain = network.KernelFn(xTrain);
        var testTrain = network.KernelFn(xTest, xTrain);
        var testTest = network.KernelFn(xTest, null, KernelOutputs.Nngp);
        var k = Matrices.FromTensor(trainTrain.Nngp!);
        var theta = Matrices.FromTensor(trainTrain.Ntk!);
        var kStar = Matrices.FromTensor(testTrain.Nngp!);
        var thetaStar = Matrices.FromTensor(testTrain.Ntk!);
        var kStarStar = Matrices.FromTensor(testTest.Nngp!);
        var y = Matrices.FromTensor(yTrain);

        // NNGP posterior: mean K*·(K + λI)⁻¹y, variance diag(K** − K*·(K + λI)⁻¹·K*ᵀ), λ scaled by trace(K)/n as Neural Tangents does.
        var nngpEigen = new SymmetricEigen(Regularized(k, settings.DiagonalRegularizer));
        var nngpSolve = Matrices.Transpose(nngpEigen.Apply(l => 1 / l, Matrices.Transpose(kStar)));
        var nngpMean = Column(Matrices.Multiply(nngpSolve, y));
        var nngpStd = Std(kStarStar, Matrices.Multiply(nngpSolve, Matrices.Transpose(kStar)), null, null);

        // Gradient descent on MSE from a random infinite network: f_t = f_0 + A_t(y − f_0(train)), A_t = Θ*Θ⁻¹(I − e^{−ηtΘ/n});
        // f_0 ~ GP(0, K) gives mean A_t·y and covariance K** − A_t·K*ᵀ − K*·A_tᵀ + A_t·K·A_tᵀ.
        var dynamics = new MseDynamics(Regularized(theta, settings.DiagonalRegularizer), 1, n);
        double rate = Math.Min(1.0, 0.5 * dynamics.MaxLearningRate);
        dynamics = new MseDynamics(Regularized(theta, settings.DiagonalRegularizer), rate, n);
        log?.Invoke($"learning rate {rate:G4} (half the largest stable one, 2n/λ_max = {dynamics.MaxLearningRate:G4}), {settings.Steps} steps");
        (double[] Mean, double[] Std) Ntk(double t)
        {
            var a = dynamics.Transfer(t, thetaStar);
            var cross = Matrices.Multiply(a, Matrices.Transpose(kStar));
            return (Column(Matrices.Multiply(a, y)), Std(kStarStar, cross, a, k));
        }
        var (ntkMean, ntkStd) = Ntk(settings.Steps);
        var (ntkInfinityMean, ntkInfinityStd) = Ntk(double.PositiveInfinity);

        // Finite width: a few networks trained by full-batch SGD for the same time.
        var model = new NetworkModel<double>(network);
        var networks = new double[settings.Networks][];
        for (int e = 0; e < settings.Networks; e++)
        {
            var parameters = network.Init<double>(key.Child(2).Child(e), new[] { -1, 1 });
            var optimizer = new Sgd<double>(rate);
            double loss = 0;
            for (int step = 0; step < settings.Steps; step++)
            {
                var (value, gradient) = model.LossAndGradient(parameters, xTrain, yTrain, Loss.MeanSquaredError);
                loss = value;
                optimizer.Step(parameters, gradient);
            }
            networks[e] = model.Apply(parameters, xTest).Data;
            log?.Invoke($"network {e}: training loss {loss:G4} after {settings.Steps} steps");
        }
        return new RegressionResult(trainX, trainY, testX, testX.Select(Math.Sin).ToArray(), nngpMean, nngpStd, ntkMean, ntkStd,
            ntkInfinityMean, ntkInfinityStd, networks, rate, settings.Steps);
    }

    private static double[,] Regularized(double[,] kernel, double regularizer)
    {
        int n = kernel.GetLength(0);
        double trace = 0;
        for (int i = 0; i < n; i++) trace += kernel[i, i];
        var result = (double[,])kernel.Clone();
        for (int i = 0; i < n; i++) result[i, i] += regularizer * trace / n;
        return result;
    }

    /// <summary>√diag(K** − C − Cᵀ + A·K·Aᵀ) (the last term only when A is given).</summary>
    private static double[] Std(double[,] kStarStar, double[,] cross, double[,]? a, double[,]? k)
    {
        int m = kStarStar.GetLength(0);
        var quadratic = a is null ? null : Matrices.Multiply(Matrices.Multiply(a, k!), Matrices.Transpose(a));
        var std = new double[m];
        for (int i = 0; i < m; i++)
        {
            double variance = kStarStar[i, i] - (a is null ? cross[i, i] : 2 * cross[i, i] - quadratic![i, i]);
            std[i] = Math.Sqrt(Math.Max(variance, 0));
        }
        return std;
    }

    private static double[] Column(double[,] matrix) => Enumerable.Range(0, matrix.GetLength(0)).Select(i => matrix[i, 0]).ToArray();
}
