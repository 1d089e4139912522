using NeuralTangents;

namespace NeuralTangents.Samples;

/// <summary>The settings of the weight-space experiment (Neural Tangents' <c>examples/weight_space.py</c>).</summary>
public sealed record WeightSpaceSettings
{
    public int Width { get; init; } = 2048;
    public int Features { get; init; } = 64;
    public int Classes { get; init; } = 10;
    public int TrainCount { get; init; } = 1024;
    public int TestCount { get; init; } = 256;
    public int BatchSize { get; init; } = 128;
    public int Epochs { get; init; } = 10;
    /// <summary>
    /// Neural Tangents uses 1 with MNIST's 469 steps per epoch; with 8 steps per epoch here and the loss averaged
    /// over all 10 logits as there, 10 trains to about the same point in 10 epochs.
    /// </summary>
    public double LearningRate { get; init; } = 10.0;
    public double Mass { get; init; } = 0.9;
    public ulong Seed { get; init; } = 1;
}

/// <summary>One epoch's numbers for the network and its linearization.</summary>
public sealed record WeightSpaceEpoch(int Epoch, double NetworkLoss, double LinearLoss, double NetworkAccuracy, double LinearAccuracy, double TestRmse);

/// <summary>
/// Trains a finite network f and its linearization f_lin(θ) = f(θ0) + J(θ0)(θ − θ0) from the same θ0 with the
/// same minibatches (momentum, cross-entropy), and measures how far their outputs drift apart. In the NTK
/// parameterization the gap shrinks like 1/√width: wide networks train like their linearization.
/// </summary>
public static class WeightSpaceExperiment
{
    public static IReadOnlyList<WeightSpaceEpoch> Run(WeightSpaceSettings settings, Action<WeightSpaceEpoch>? report = null)
    {
        var key = new PrngKey(settings.Seed);
        var (x, y, labels) = SyntheticData.Classification(settings.TrainCount + settings.TestCount, settings.Features, settings.Classes, 0.6, key.Child(0));
        var trainRows = Enumerable.Range(0, settings.TrainCount).ToArray();
        var testRows = Enumerable.Range(settings.TrainCount, settings.TestCount).ToArray();
        var (xTest, yTest) = (SyntheticData.Rows(x, testRows), SyntheticData.Rows(y, testRows));
        var testLabels = labels[settings.TrainCount..];

        var network = Stax.Serial(Stax.Dense(settings.Width, 1.0, 0.05), Stax.Erf(), Stax.Dense(settings.Classes, 1.0, 0.05));
        var parameters = network.Init<double>(key.Child(1), new[] { -1, settings.Features });
        var linearized = Linearization.Linearize(network, parameters);
        var model = new NetworkModel<double>(network);
        var linearParameters = parameters.Clone();
        var optimizer = new Momentum<double>(settings.LearningRate, settings.Mass);
        var linearOptimizer = new Momentum<double>(settings.LearningRate, settings.Mass);

        var epochs = new List<WeightSpaceEpoch>();
        for (int epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            var order = SyntheticData.Permutation(settings.TrainCount, key.Child(2).Child(epoch));
            for (int start = 0; start + settings.BatchSize <= settings.TrainCount; start += settings.BatchSize)
            {
                var rows = order.AsSpan(start, settings.BatchSize).ToArray().Select(r => trainRows[r]).ToArray();
                var (xBatch, yBatch) = (SyntheticData.Rows(x, rows), SyntheticData.Rows(y, rows));
                optimizer.Step(parameters, model.LossAndGradient(parameters, xBatch, yBatch, Loss.SoftmaxCrossEntropy).Gradient);
                linearOptimizer.Step(linearParameters, linearized.LossAndGradient(linearParameters, xBatch, yBatch, Loss.SoftmaxCrossEntropy).Gradient);
            }
            var f = model.Apply(parameters, xTest);
            var fLinear = linearized.Apply(linearParameters, xTest);
            var result = new WeightSpaceEpoch(epoch,
                Loss.SoftmaxCrossEntropy.Evaluate(f, yTest), Loss.SoftmaxCrossEntropy.Evaluate(fLinear, yTest),
                Metrics.Accuracy(f, testLabels), Metrics.Accuracy(fLinear, testLabels), Metrics.Rmse(f, fLinear));
            epochs.Add(result);
            report?.Invoke(result);
        }
        return epochs;
    }
}
