namespace NeuralTangents;

/// <summary>What <see cref="HyperparameterFit.Maximize{T}"/> fits, where it starts and when it stops.</summary>
public sealed class HyperparameterFitOptions
{
    /// <summary>The defaults: every hyperparameter and the regularizer fitted from the kernel's current values.</summary>
    public static HyperparameterFitOptions Default { get; } = new();

    /// <summary>
    /// The names of the hyperparameters to fit; the others are held at their starting values. Null (the default)
    /// fits all of the kernel's hyperparameters.
    /// </summary>
    public IReadOnlyList<string>? Fit { get; init; }

    /// <summary>Starting values by name that replace the kernel's current ones (for fitted and fixed hyperparameters alike); null keeps them all.</summary>
    public IReadOnlyDictionary<string, double>? InitialValues { get; init; }

    /// <summary>
    /// The diagonal regularizer to start from (or to hold, when <see cref="FitDiagReg"/> is false), relative to
    /// trace(K)/n unless <see cref="DiagRegAbsoluteScale"/>, as in <c>Predict</c>. A fitted regularizer must start
    /// positive: it is fitted as log diagReg. Default 1e-4.
    /// </summary>
    public double DiagReg { get; init; } = 1e-4;

    /// <summary>Whether the regularizer is fitted too (default true).</summary>
    public bool FitDiagReg { get; init; } = true;

    /// <summary>Whether <see cref="DiagReg"/> is absolute (λ = diagReg, the noise variance) rather than relative to trace(K)/n (default false, Neural Tangents' convention).</summary>
    public bool DiagRegAbsoluteScale { get; init; }

    /// <summary>The most L-BFGS iterations (default 200).</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>
    /// Convergence: every component of the gradient in the fit's coordinates (log θ for positive values) is at most
    /// this times max(1, |log p(Y)|). Default 1e-6.
    /// </summary>
    public double GradientTolerance { get; init; } = 1e-6;

    /// <summary>How many past steps L-BFGS keeps for its curvature estimate (default 10).</summary>
    public int Memory { get; init; } = 10;
}
