namespace NeuralTangents;

/// <summary>One accepted iterate of <see cref="HyperparameterFit"/>, reported through its progress and kept in its trace.</summary>
/// <param name="Iteration">0 for the starting point, then 1, 2, … for each accepted L-BFGS step.</param>
/// <param name="Values">Every hyperparameter of the kernel by name (fitted or held fixed) at this iterate.</param>
/// <param name="DiagReg">The diagonal regularizer on the scale of <see cref="HyperparameterFitOptions.DiagRegAbsoluteScale"/>.</param>
/// <param name="LogMarginalLikelihood">log p(Y) at this iterate; it increases from one iterate to the next.</param>
/// <param name="GradientNorm">The Euclidean norm of the gradient in the fit's coordinates (log θ for positive hyperparameters and the regularizer, θ otherwise).</param>
/// <param name="Evaluations">Kernel evaluations so far, line-search trials included.</param>
public sealed record HyperparameterFitIteration(int Iteration, IReadOnlyDictionary<string, double> Values, double DiagReg,
    double LogMarginalLikelihood, double GradientNorm, int Evaluations);
