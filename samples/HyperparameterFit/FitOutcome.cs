using NeuralTangents;

namespace HyperparameterFitSample;

/// <summary>What <see cref="FitExperiment.Run"/> found: the fit and the NNGP regression before and after it.</summary>
/// <param name="Fit">The fit: values, regularizer, likelihood along the path, the fitted network.</param>
/// <param name="Before">NNGP regression with the network's own values and the starting regularizer.</param>
/// <param name="After">NNGP regression with the fitted network and regularizer.</param>
internal sealed record FitOutcome(HyperparameterFitResult Fit, RegressionScore Before, RegressionScore After);

/// <summary>One NNGP regression on the test images.</summary>
/// <param name="LogMarginalLikelihood">log p(Y_train) under the NNGP with this regularizer.</param>
/// <param name="Accuracy">The fraction of test images whose largest predicted output is at the label.</param>
/// <param name="Regularizer">The absolute λ added to the train-train kernel's diagonal.</param>
internal sealed record RegressionScore(double LogMarginalLikelihood, double Accuracy, double Regularizer);
