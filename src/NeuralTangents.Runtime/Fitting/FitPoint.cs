namespace NeuralTangents.Fitting;

/// <summary>
/// One evaluation of the marginal likelihood during a fit: the point in the fit's coordinates, the hyperparameter
/// values and regularizer it decodes to, the likelihood there and its gradient in the fit's coordinates.
/// </summary>
internal sealed record FitPoint(double[] Coordinates, double[] Values, double DiagReg, MarginalLikelihood Likelihood, double[] Gradient);
