using System.Numerics;
using NeuralTangents.Fitting;
using NeuralTangents.Predicting;

namespace NeuralTangents;

/// <summary>
/// Type-II maximum likelihood for kernel hyperparameters: maximizes the log marginal likelihood of the training
/// targets (<see cref="Predict.LogMarginalLikelihood{T}(Tensor{T}, Tensor{T}, IReadOnlyList{Tensor{T}}, double, bool)"/>)
/// over chosen hyperparameters of a <see cref="IDifferentiableKernel{T}"/> and the diagonal regularizer, by L-BFGS
/// with a weak-Wolfe line search from MathNet.Numerics. Positive hyperparameters and the regularizer are fitted as
/// logarithms (steps are relative and values stay positive); others on their own scale.
/// </summary>
public static class HyperparameterFit
{
    /// <summary>
    /// Fits the hyperparameters named in <paramref name="options"/> (all by default) and the regularizer. Each
    /// line-search trial (usually one or two per iteration) costs one kernel evaluation with derivatives and one
    /// O(n³) likelihood with its gradient; a trial point where K + λI is not positive definite counts as a
    /// likelihood of −∞.
    /// </summary>
    /// <param name="kernel">The kernel and its hyperparameters; their current values are the starting point unless <see cref="HyperparameterFitOptions.InitialValues"/> says otherwise.</param>
    /// <param name="yTrain">Targets, (n) or (n, outputs), one row per training item of the kernel; the output columns are independent draws.</param>
    /// <param name="options">What to fit, where to start and when to stop; null means <see cref="HyperparameterFitOptions.Default"/>.</param>
    /// <param name="progress">Receives the starting point and every accepted iterate.</param>
    /// <param name="cancellationToken">Cancels between and inside kernel evaluations (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The fitted values, the regularizer, the likelihood along the path, and for a <see cref="NetworkKernel{T}"/> the fitted network.</returns>
    /// <exception cref="NotPositiveDefiniteException">K + λI is not positive definite at the starting point.</exception>
    public static HyperparameterFitResult Maximize<T>(IDifferentiableKernel<T> kernel, Tensor<T> yTrain, HyperparameterFitOptions? options = null,
        IProgress<HyperparameterFitIteration>? progress = null, CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(kernel);
        options ??= HyperparameterFitOptions.Default;
        int outputs = PredictArguments.Outputs(yTrain);
        if (yTrain.Dim(0) == 0)
            throw new ArgumentException($"yTrain must have at least one row (training item), got shape {yTrain.ShapeText}.", nameof(yTrain));
        var hyperparameters = FitArguments.Hyperparameters(kernel);
        FitArguments.Limits(options);
        var fitted = FitArguments.Selection(hyperparameters, options);
        var startValues = FitArguments.StartValues(hyperparameters, fitted, options);
        cancellationToken.ThrowIfCancellationRequested();

        var objective = new FitObjective<T>(kernel, yTrain, outputs, startValues, fitted, options.FitDiagReg, options.DiagReg,
            options.DiagRegAbsoluteScale, cancellationToken);
        var start = objective.Evaluate(objective.StartCoordinates(), trial: false)!;
        var names = hyperparameters.Select(h => h.Name).ToArray();
        var trace = new List<HyperparameterFitIteration>();
        void Record(FitPoint point)
        {
            var iterate = new HyperparameterFitIteration(trace.Count, ByName(names, point.Values), point.DiagReg, point.Likelihood.Value,
                Math.Sqrt(point.Gradient.Sum(g => g * g)), objective.Evaluations);
            trace.Add(iterate);
            progress?.Report(iterate);
        }
        Record(start);

        var (stop, end) = LbfgsMaximizer.Maximize(objective, start, options, Record, cancellationToken);
        var gradient = new Dictionary<string, double>();
        for (int j = 0; j < fitted.Length; j++) gradient[names[fitted[j]]] = end.Likelihood.Gradient[j];
        return new HyperparameterFitResult(ByName(names, end.Values), fitted.Select(i => names[i]).ToArray(), end.DiagReg, options.FitDiagReg,
            end.Likelihood.Regularizer, gradient, end.Likelihood.DiagRegGradient, trace, stop, objective.Evaluations,
            (kernel as INetworkRebuilder)?.NetworkAt(end.Values));
    }

    private static IReadOnlyDictionary<string, double> ByName(string[] names, double[] values)
    {
        var byName = new Dictionary<string, double>(names.Length);
        for (int i = 0; i < names.Length; i++) byName[names[i]] = values[i];
        return byName;
    }
}
