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
    /// <summary>Relative to trace/n, as in Neural Tangents.</summary>
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

        // Infinite width: half the largest stable learning rate of the NTK, then the infinite ensemble of networks trained
        // by gradient descent on MSE (Predict.GradientDescentMseEnsemble) at the finite networks' training time and at
        // t = ∞, where its NNGP part is the Bayesian posterior.
        double rate = Math.Min(1.0, 0.5 * Predict.MaxLearningRate(network.KernelFn(xTrain, null, KernelOutputs.Ntk).Ntk!, n));
        log?.Invoke($"learning rate {rate:G4} (half the largest stable one), {settings.Steps} steps");
        var ensemble = Predict.GradientDescentMseEnsemble(network, xTrain, yTrain, rate, settings.DiagonalRegularizer);
        var atSteps = ensemble.Predict(settings.Steps, xTest, KernelOutputs.Ntk, computeCovariance: true).Ntk!;
        var converged = ensemble.Predict(double.PositiveInfinity, xTest, KernelOutputs.Both, computeCovariance: true);

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
        return new RegressionResult(trainX, trainY, testX, testX.Select(Math.Sin).ToArray(),
            converged.Nngp!.Mean.Data, Std(converged.Nngp), atSteps.Mean.Data, Std(atSteps), converged.Ntk!.Mean.Data, Std(converged.Ntk),
            networks, rate, settings.Steps);
    }

    /// <summary>The standard deviation of each test output: √ of the covariance's diagonal.</summary>
    private static double[] Std(Gaussian<double> gaussian)
    {
        var covariance = gaussian.Covariance!;
        int m = covariance.Dim(0);
        return Enumerable.Range(0, m).Select(i => Math.Sqrt(Math.Max(covariance.Data[i * m + i], 0))).ToArray();
    }
}
