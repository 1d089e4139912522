using System.Numerics;
using MathNet.Numerics.Optimization;
using MathVector = MathNet.Numerics.LinearAlgebra.Vector<double>;
using MathMatrix = MathNet.Numerics.LinearAlgebra.Matrix<double>;

namespace NeuralTangents.Fitting;

/// <summary>
/// The negative log marginal likelihood as MathNet's objective, for its Wolfe line search (which minimizes).
/// Each instance remembers the <see cref="FitPoint"/> it was evaluated at, so the point the search accepts comes
/// back with its likelihood and regularizer without a second kernel evaluation. A trial point where the likelihood
/// is undefined (K + λI not positive definite, values overflowing) is reported as a huge finite value with a zero
/// gradient: the search only compares values, so it backs off, and MathNet rejects non-finite values outright.
/// </summary>
internal sealed class LineSearchFunction<T> : IObjectiveFunction where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly FitObjective<T> _objective;
    private MathVector? _point;

    public LineSearchFunction(FitObjective<T> objective) => _objective = objective;

    /// <summary>An instance already evaluated at <paramref name="point"/> (the current iterate).</summary>
    public LineSearchFunction(FitObjective<T> objective, FitPoint point)
    {
        _objective = objective;
        Accept(MathVector.Build.DenseOfArray(point.Coordinates), point);
    }

    /// <summary>The evaluation at <see cref="Point"/>, or null where the likelihood is undefined.</summary>
    public FitPoint? FitPoint { get; private set; }

    public MathVector Point => _point ?? throw new InvalidOperationException("The objective has not been evaluated yet.");

    public double Value { get; private set; }

    public bool IsGradientSupported => true;

    public MathVector Gradient { get; private set; } = MathVector.Build.Dense(0);

    public bool IsHessianSupported => false;

    public MathMatrix Hessian => throw new NotSupportedException("The marginal likelihood objective has no Hessian.");

    public void EvaluateAt(MathVector point) => Accept(point, _objective.Evaluate(point.ToArray(), trial: true));

    public IObjectiveFunction CreateNew() => new LineSearchFunction<T>(_objective);

    public IObjectiveFunction Fork()
    {
        var copy = new LineSearchFunction<T>(_objective);
        if (_point is not null) copy.Accept(_point, FitPoint);
        return copy;
    }

    private void Accept(MathVector point, FitPoint? fitPoint)
    {
        _point = point;
        FitPoint = fitPoint;
        if (fitPoint is null)
        {
            Value = double.MaxValue;
            Gradient = MathVector.Build.Dense(point.Count);
        }
        else
        {
            Value = -fitPoint.Likelihood.Value;
            Gradient = MathVector.Build.DenseOfArray(fitPoint.Gradient.Select(g => -g).ToArray());
        }
    }
}
