namespace NeuralTangents;

/// <summary>What <see cref="HyperparameterFit.Maximize{T}"/> found.</summary>
public sealed class HyperparameterFitResult
{
    internal HyperparameterFitResult(IReadOnlyDictionary<string, double> values, IReadOnlyList<string> fitted, double diagReg, bool fittedDiagReg,
        double regularizer, IReadOnlyDictionary<string, double> gradient, double diagRegGradient, IReadOnlyList<HyperparameterFitIteration> trace,
        HyperparameterFitStop stop, int evaluations, ILayer? network)
    {
        Network = network;
        Values = values;
        Fitted = fitted;
        DiagReg = diagReg;
        FittedDiagReg = fittedDiagReg;
        Regularizer = regularizer;
        Gradient = gradient;
        DiagRegGradient = diagRegGradient;
        Trace = trace;
        Stop = stop;
        Evaluations = evaluations;
    }

    /// <summary>Every hyperparameter of the kernel by name: the fitted values and those held fixed.</summary>
    public IReadOnlyDictionary<string, double> Values { get; }

    /// <summary>The names of the hyperparameters that were fitted, in the kernel's order.</summary>
    public IReadOnlyList<string> Fitted { get; }

    /// <summary>The fitted (or fixed) diagonal regularizer, on the scale of <see cref="HyperparameterFitOptions.DiagRegAbsoluteScale"/>.</summary>
    public double DiagReg { get; }

    /// <summary>Whether <see cref="DiagReg"/> was fitted.</summary>
    public bool FittedDiagReg { get; }

    /// <summary>The absolute regularizer λ added to the kernel's diagonal at the end (equal to <see cref="DiagReg"/> on the absolute scale).</summary>
    public double Regularizer { get; }

    /// <summary>log p(Y) at the fitted values.</summary>
    public double LogMarginalLikelihood => Trace[^1].LogMarginalLikelihood;

    /// <summary>log p(Y) at the starting values.</summary>
    public double InitialLogMarginalLikelihood => Trace[0].LogMarginalLikelihood;

    /// <summary>∂ log p(Y)/∂θ at the end for each fitted hyperparameter, on its own (not log) scale; near 0 at a converged fit.</summary>
    public IReadOnlyDictionary<string, double> Gradient { get; }

    /// <summary>∂ log p(Y)/∂diagReg at the end (also when the regularizer was held fixed).</summary>
    public double DiagRegGradient { get; }

    /// <summary>The accepted iterates, starting point first: the likelihood along the optimizer's path.</summary>
    public IReadOnlyList<HyperparameterFitIteration> Trace { get; }

    /// <summary>Why the optimizer stopped.</summary>
    public HyperparameterFitStop Stop { get; }

    /// <summary>
    /// The fitted network, a new layer with the fitted values, when the kernel came from a network
    /// (<see cref="NetworkKernel{T}"/>); null for other kernels.
    /// </summary>
    public ILayer? Network { get; }

    /// <summary>Kernel evaluations in all, line-search trials included.</summary>
    public int Evaluations { get; }
}
