namespace NeuralTangents;

/// <summary>Why <see cref="HyperparameterFit"/> stopped.</summary>
public enum HyperparameterFitStop
{
    /// <summary>The gradient met <see cref="HyperparameterFitOptions.GradientTolerance"/>: a stationary point.</summary>
    Converged,

    /// <summary>The line search found no point better than the current one (the likelihood is flat to rounding along the search direction).</summary>
    NoProgress,

    /// <summary><see cref="HyperparameterFitOptions.MaxIterations"/> iterations ran without meeting the tolerance.</summary>
    MaxIterations,
}
