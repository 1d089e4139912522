using System.Numerics;
using NeuralTangents.Predicting;

namespace NeuralTangents.Fitting;

/// <summary>
/// The log marginal likelihood as a function of the fit's coordinates: u_j = log θ for a positive hyperparameter
/// (and for a fitted regularizer), u_j = θ otherwise. The gradient follows by the chain rule, ∂L/∂log θ = θ·∂L/∂θ.
/// The last coordinate is log diagReg when the regularizer is fitted.
/// </summary>
internal sealed class FitObjective<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IDifferentiableKernel<T> _kernel;
    private readonly Tensor<T> _y;
    private readonly int _outputs;
    private readonly double[] _baseValues;
    private readonly int[] _fitted;
    private readonly bool[] _positive;
    private readonly bool _fitDiagReg;
    private readonly double _diagReg;
    private readonly bool _absolute;
    private readonly CancellationToken _cancellationToken;

    public FitObjective(IDifferentiableKernel<T> kernel, Tensor<T> y, int outputs, double[] startValues, int[] fitted,
        bool fitDiagReg, double diagReg, bool absolute, CancellationToken cancellationToken)
    {
        _kernel = kernel;
        _y = y;
        _outputs = outputs;
        _baseValues = startValues;
        _fitted = fitted;
        _positive = kernel.Hyperparameters.Select(h => h.IsPositive).ToArray();
        _fitDiagReg = fitDiagReg;
        _diagReg = diagReg;
        _absolute = absolute;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Kernel evaluations so far.</summary>
    public int Evaluations { get; private set; }

    /// <summary>The trial point with the highest likelihood since the last <see cref="ResetBestTrial"/>.</summary>
    public FitPoint? BestTrial { get; private set; }

    /// <summary>Forgets <see cref="BestTrial"/> (at the start of a line search).</summary>
    public void ResetBestTrial() => BestTrial = null;

    /// <summary>The number of fit coordinates.</summary>
    public int Dimension => _fitted.Length + (_fitDiagReg ? 1 : 0);

    /// <summary>The starting values in the fit's coordinates.</summary>
    public double[] StartCoordinates()
    {
        var u = new double[Dimension];
        for (int j = 0; j < _fitted.Length; j++)
        {
            double value = _baseValues[_fitted[j]];
            u[j] = _positive[_fitted[j]] ? Math.Log(value) : value;
        }
        if (_fitDiagReg) u[^1] = Math.Log(_diagReg);
        return u;
    }

    /// <summary>
    /// The likelihood at <paramref name="u"/>. A <paramref name="trial"/> point of a line search where the values
    /// overflow or K + λI is not positive definite gives null (the likelihood is −∞ there as far as the optimizer
    /// is concerned); at the starting point the same failures throw.
    /// </summary>
    public FitPoint? Evaluate(double[] u, bool trial)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var values = (double[])_baseValues.Clone();
        for (int j = 0; j < _fitted.Length; j++)
            values[_fitted[j]] = _positive[_fitted[j]] ? Math.Exp(u[j]) : u[j];
        double diagReg = _fitDiagReg ? Math.Exp(u[^1]) : _diagReg;
        if (!values.All(double.IsFinite) || !double.IsFinite(diagReg))
            return trial ? null : throw new ArgumentException($"The starting values ({Describe(values)}, diagReg = {diagReg:G6}) overflow in the fit's coordinates.", "options");

        Evaluations++;
        var evaluated = _kernel.Evaluate(values, _fitted, _cancellationToken);
        var kernel = CheckContract(evaluated, values);
        if (!kernel.Data.All(T.IsFinite) || !evaluated.Derivatives.All(d => d.Data.All(T.IsFinite)))
        {
            if (trial) return null;
            throw new InvalidOperationException(
                $"{_kernel.GetType().Name}.Evaluate returned non-finite entries at the starting values {Describe(values)}.");
        }

        MarginalLikelihood likelihood;
        try
        {
            likelihood = MarginalLikelihoodSolver.Evaluate(kernel, _y, _outputs, evaluated.Derivatives, diagReg, _absolute,
                $"The train-train kernel at {Describe(values)}, diagReg = {diagReg:G6}");
        }
        catch (NotPositiveDefiniteException) when (trial)
        {
            return null;
        }

        var gradient = new double[Dimension];
        for (int j = 0; j < _fitted.Length; j++)
            gradient[j] = likelihood.Gradient[j] * (_positive[_fitted[j]] ? values[_fitted[j]] : 1);
        if (_fitDiagReg) gradient[^1] = likelihood.DiagRegGradient * diagReg;
        var point = new FitPoint((double[])u.Clone(), values, diagReg, likelihood, gradient);
        if (trial && (BestTrial is null || likelihood.Value > BestTrial.Likelihood.Value)) BestTrial = point;
        return point;
    }

    /// <summary>Names and values, e.g. "wStd = 1.5, bStd = 0.1", for messages.</summary>
    public string Describe(double[] values) =>
        string.Join(", ", _kernel.Hyperparameters.Select((h, i) => FormattableString.Invariant($"{h.Name} = {values[i]:G6}")));

    private Tensor<T> CheckContract(DifferentiatedKernel<T>? evaluated, double[] values)
    {
        string who = $"{_kernel.GetType().Name}.Evaluate";
        int n = _y.Dim(0);
        if (evaluated?.Kernel is not { } kernel || evaluated.Derivatives is null)
            throw new InvalidOperationException($"{who} returned no kernel or no derivative list at {Describe(values)}.");
        if (kernel.Rank != 2 || kernel.Dim(0) != kernel.Dim(1))
            throw new InvalidOperationException($"{who} returned a kernel of shape {kernel.ShapeText}; a square train-train matrix is needed.");
        if (kernel.Dim(0) != n)
            throw new ArgumentException(
                $"yTrain has {n} rows but the kernel of {_kernel.GetType().Name} is {kernel.Dim(0)}×{kernel.Dim(0)}: the targets must have one row per training item of the kernel.",
                "yTrain");
        if (evaluated.Derivatives.Count != _fitted.Length)
            throw new InvalidOperationException($"{who} returned {evaluated.Derivatives.Count} derivatives for the {_fitted.Length} requested.");
        for (int i = 0; i < _fitted.Length; i++)
        {
            var d = evaluated.Derivatives[i];
            if (d is null || d.Rank != 2 || d.Dim(0) != n || d.Dim(1) != n)
                throw new InvalidOperationException(
                    $"{who} returned derivative {i} (∂K/∂{_kernel.Hyperparameters[_fitted[i]].Name}) of shape {d?.ShapeText ?? "null"}; {n}×{n} like the kernel is needed.");
        }
        return kernel;
    }
}
