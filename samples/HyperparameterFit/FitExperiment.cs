using NeuralTangents;
using NeuralTangents.Samples.Data;

namespace HyperparameterFitSample;

/// <summary>
/// The sample's computation apart from its printing: NNGP regression of the one-hot targets (minus 0.1, as the
/// regression sample centres them) with the network's own values, a fit of W_std, b_std (each tied across layers)
/// and the regularizer on the NNGP's log marginal likelihood of the training targets, and NNGP regression again with
/// the fitted network. Everything in float64: the likelihood's log-determinant of a 2 000 × 2 000 kernel with a
/// small regularizer needs it. Each stage ends with <c>stage(name, what)</c>, which the sample uses to print its time.
/// </summary>
internal static class FitExperiment
{
    /// <summary>Fits on <paramref name="data"/>'s training images and scores on its test images.</summary>
    /// <param name="data">Training and test images with labels.</param>
    /// <param name="diagReg">The starting regularizer relative to trace(K)/n (Neural Tangents' convention).</param>
    /// <param name="maxIterations">The most L-BFGS iterations.</param>
    /// <param name="stage">Called after each stage with its name and a description.</param>
    /// <param name="progress">Receives each accepted iterate of the fit.</param>
    public static FitOutcome Run(FashionMnistData data, double diagReg, int maxIterations, Action<string, string> stage,
        IProgress<HyperparameterFitIteration>? progress = null)
    {
        var network = FitNetwork.Create();
        var xTrain = Preprocessing.Images<double>(data.Train);
        var xTest = Preprocessing.Images<double>(data.Test);
        var yTrain = Preprocessing.Targets<double>(data.Train);
        stage("preprocess", $"x_train {xTrain.ShapeText}, x_test {xTest.ShapeText}, y_train {yTrain.ShapeText}, float64");

        var before = Score(network, xTrain, yTrain, xTest, data.Test.Labels, diagReg);
        stage("before", $"NNGP k_train, k_test, likelihood and regression at W_std 1.5, b_std 0.05, diagReg {diagReg:G3}");

        var kernel = new NetworkKernel<double>(network, xTrain, FitNetwork.Fitted(network), KernelOutputs.Nngp);
        var fit = HyperparameterFit.Maximize(kernel, yTrain, new HyperparameterFitOptions { DiagReg = diagReg, MaxIterations = maxIterations }, progress);
        stage("fit", $"L-BFGS: {fit.Trace.Count - 1} iterations, {fit.Evaluations} kernel evaluations with derivatives, stop: {fit.Stop}");

        var after = Score(fit.Network!, xTrain, yTrain, xTest, data.Test.Labels, fit.DiagReg);
        stage("after", "NNGP k_train, k_test, likelihood and regression with the fitted network and regularizer");
        return new FitOutcome(fit, before, after);
    }

    /// <summary>The NNGP's likelihood of the training targets and its test accuracy, with λ = diagReg·trace(K)/n.</summary>
    private static RegressionScore Score(ILayer network, Tensor<double> xTrain, Tensor<double> yTrain, Tensor<double> xTest, byte[] testLabels, double diagReg)
    {
        var trainTrain = network.KernelFn(xTrain, null, KernelOutputs.Nngp);
        var testTrain = network.KernelFn(xTest, xTrain, KernelOutputs.Nngp);
        double likelihood = Predict.LogMarginalLikelihood(trainTrain.Nngp!, yTrain, diagReg);
        var gp = Predict.GpInference(trainTrain, yTrain, diagReg);
        var mean = gp.Nngp(testTrain).Mean;
        return new RegressionScore(likelihood, Classification.Accuracy(mean, testLabels), gp.NngpRegularizer);
    }
}
