using NeuralTangents;

namespace NeuralTangents.Samples;

/// <summary>The settings of the function-space experiment (Neural Tangents' <c>examples/function_space.py</c>).</summary>
public sealed record FunctionSpaceSettings
{
    public int Width { get; init; } = 512;
    public int Features { get; init; } = 64;
    public int Classes { get; init; } = 10;
    public int TrainCount { get; init; } = 128;
    public int TestCount { get; init; } = 128;
    public double LearningRate { get; init; } = 1.0;
    public int Steps { get; init; } = 1000;
    public ulong Seed { get; init; } = 1;
}

/// <summary>The network trained by gradient descent against the closed-form dynamics at one time.</summary>
public sealed record FunctionSpacePoint(int Step, double NetworkTrainLoss, double PredictedTrainLoss, double NetworkTestLoss, double PredictedTestLoss,
    double TrainRmse, double TestRmse);

/// <summary>
/// Computes the empirical NTK of a finite network at initialization, predicts its whole training trajectory
/// in closed form (linearized dynamics under MSE), then trains the actual network by full-batch gradient
/// descent and compares its outputs with the prediction along the way.
/// </summary>
public static class FunctionSpaceExperiment
{
    public static IReadOnlyList<FunctionSpacePoint> Run(FunctionSpaceSettings settings, Action<FunctionSpacePoint>? report = null)
    {
        var key = new PrngKey(settings.Seed);
        var (x, y, _) = SyntheticData.Classification(settings.TrainCount + settings.TestCount, settings.Features, settings.Classes, 0.6, key.Child(0));
        var train = Enumerable.Range(0, settings.TrainCount).ToArray();
        var test = Enumerable.Range(settings.TrainCount, settings.TestCount).ToArray();
        var (xTrain, yTrain, xTest, yTest) = (SyntheticData.Rows(x, train), SyntheticData.Rows(y, train), SyntheticData.Rows(x, test), SyntheticData.Rows(y, test));

        var network = Stax.Serial(Stax.Dense(settings.Width, 1.0, 0.05), Stax.Erf(), Stax.Dense(settings.Classes, 1.0, 0.05));
        var parameters = network.Init<double>(key.Child(1), new[] { -1, settings.Features });

        // The empirical NTK traced over the logits (Neural Tangents' default), train × train and test × train, and the
        // closed-form dynamics it implies (Predict.GradientDescentMse: one eigendecomposition for every time).
        var ntkFn = Empirical.NtkFn(network, implementation: NtkImplementation.StructuredDerivatives);
        var ntkTestTrain = ntkFn.Compute(xTest, xTrain, parameters);
        var predictor = Predict.GradientDescentMse(ntkFn.Compute(xTrain, null, parameters), yTrain, settings.LearningRate);
        var f0Train = network.Apply(parameters, xTrain);
        var f0Test = network.Apply(parameters, xTest);

        var model = new NetworkModel<double>(network);
        var optimizer = new Sgd<double>(settings.LearningRate);
        var checkpoints = new SortedSet<int> { 0, 1, 10, 100, settings.Steps };
        for (int c = 1; c <= settings.Steps; c *= 2) checkpoints.Add(c);
        var points = new List<FunctionSpacePoint>();
        for (int step = 0; step <= settings.Steps; step++)
        {
            if (checkpoints.Contains(step))
            {
                var fTrain = model.Apply(parameters, xTrain);
                var fTest = model.Apply(parameters, xTest);
                var predictedTrain = predictor.Train(step, f0Train);
                var predictedTest = predictor.Test(step, ntkTestTrain, f0Train, f0Test);
                var point = new FunctionSpacePoint(step,
                    Loss.MeanSquaredError.Evaluate(fTrain, yTrain), Loss.MeanSquaredError.Evaluate(predictedTrain, yTrain),
                    Loss.MeanSquaredError.Evaluate(fTest, yTest), Loss.MeanSquaredError.Evaluate(predictedTest, yTest),
                    Metrics.Rmse(fTrain, predictedTrain), Metrics.Rmse(fTest, predictedTest));
                points.Add(point);
                report?.Invoke(point);
            }
            if (step < settings.Steps) optimizer.Step(parameters, model.LossAndGradient(parameters, xTrain, yTrain, Loss.MeanSquaredError).Gradient);
        }
        return points;
    }
}
