using System.Numerics;
using MathNet.Numerics.Optimization;
using MathNet.Numerics.Optimization.LineSearch;
using MathVector = MathNet.Numerics.LinearAlgebra.Vector<double>;

namespace NeuralTangents.Fitting;

/// <summary>
/// L-BFGS ascent of the log marginal likelihood: the two-loop recursion for the direction and MathNet.Numerics'
/// weak-Wolfe line search for the step. MathNet's own <c>LimitedMemoryBfgsMinimizer</c> is not used because it
/// reports nothing between iterations (no progress, no trace), starts with a step of 100·tolerance/‖g‖ that costs
/// a dozen extra kernel evaluations to grow, and in 5.0.0 returns a run that hit its iteration limit as converged;
/// here every accepted iterate is reported, the first step moves no coordinate by more than 1 (one e-fold of a
/// log-scale value), and the stop reason is exact.
/// </summary>
internal static class LbfgsMaximizer
{
    // Armijo and curvature constants of the usual quasi-Newton line search; 40 halvings/doublings reach 1e-12 of the first step.
    private const double SufficientIncrease = 1e-4, Curvature = 0.9, StepTolerance = 1e-12;
    private const int LineSearchIterations = 40;

    /// <summary>Runs from <paramref name="start"/>; <paramref name="accepted"/> sees every accepted iterate (not the start).</summary>
    public static (HyperparameterFitStop Stop, FitPoint Point) Maximize<T>(FitObjective<T> objective, FitPoint start, HyperparameterFitOptions options,
        Action<FitPoint> accepted, CancellationToken cancellationToken)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var steps = new List<double[]>();
        var gradientChanges = new List<double[]>();
        var current = start;
        var lineSearch = new WeakWolfeLineSearch(SufficientIncrease, Curvature, StepTolerance, LineSearchIterations);
        for (int iteration = 1; ; iteration++)
        {
            if (Converged(current, options.GradientTolerance)) return (HyperparameterFitStop.Converged, current);
            if (iteration > options.MaxIterations) return (HyperparameterFitStop.MaxIterations, current);
            cancellationToken.ThrowIfCancellationRequested();

            // Minimize f = −L: objectiveGradient is ∇f = −∇L.
            var objectiveGradient = Negate(current.Gradient);
            var direction = steps.Count == 0 ? Negate(objectiveGradient) : Direction(objectiveGradient, steps, gradientChanges);
            if (Dot(direction, objectiveGradient) >= 0)
            {
                // Curvature pairs that no longer give a descent direction (rounding in a flat region): restart.
                steps.Clear();
                gradientChanges.Clear();
                direction = Negate(objectiveGradient);
            }
            double firstStep = steps.Count == 0 ? Math.Min(1, 1 / direction.Max(Math.Abs)) : 1;

            FitPoint? next;
            objective.ResetBestTrial();
            try
            {
                var result = lineSearch.FindConformingStep(new LineSearchFunction<T>(objective, current), MathVector.Build.DenseOfArray(direction), firstStep);
                next = ((LineSearchFunction<T>)result.FunctionInfoAtMinimum).FitPoint;
            }
            catch (OptimizationException)
            {
                // No step met both Wolfe conditions within the search's iterations: the likelihood is flat to rounding
                // along the direction, or keeps rising steeply up to where K + λI stops being positive definite. Take
                // the best point the search saw if it is better; the curvature test below decides whether it updates
                // the L-BFGS memory.
                next = objective.BestTrial;
            }
            if (next is null || !(next.Likelihood.Value > current.Likelihood.Value)) return (HyperparameterFitStop.NoProgress, current);

            var step = Subtract(next.Coordinates, current.Coordinates);
            var change = Subtract(Negate(next.Gradient), objectiveGradient);
            // Keep the pair only with positive curvature (sᵀy > 0), which keeps the inverse-Hessian estimate positive definite.
            if (Dot(step, change) > 1e-12 * Math.Sqrt(Dot(step, step) * Dot(change, change)))
            {
                steps.Add(step);
                gradientChanges.Add(change);
                if (steps.Count > options.Memory)
                {
                    steps.RemoveAt(0);
                    gradientChanges.RemoveAt(0);
                }
            }
            current = next;
            accepted(current);
        }
    }

    /// <summary>Every gradient component (fit coordinates) within tolerance·max(1, |L|).</summary>
    public static bool Converged(FitPoint point, double tolerance) =>
        point.Gradient.All(g => Math.Abs(g) <= tolerance * Math.Max(1, Math.Abs(point.Likelihood.Value)));

    // The two-loop recursion: −H·g with H the L-BFGS inverse-Hessian estimate, scaled initially by sᵀy/yᵀy of the latest pair.
    private static double[] Direction(double[] gradient, List<double[]> steps, List<double[]> changes)
    {
        var q = (double[])gradient.Clone();
        var alphas = new double[steps.Count];
        for (int k = steps.Count - 1; k >= 0; k--)
        {
            double rho = 1 / Dot(changes[k], steps[k]);
            alphas[k] = rho * Dot(steps[k], q);
            AddScaled(q, changes[k], -alphas[k]);
        }
        double gamma = Dot(steps[^1], changes[^1]) / Dot(changes[^1], changes[^1]);
        for (int i = 0; i < q.Length; i++) q[i] *= gamma;
        for (int k = 0; k < steps.Count; k++)
        {
            double rho = 1 / Dot(changes[k], steps[k]);
            double beta = rho * Dot(changes[k], q);
            AddScaled(q, steps[k], alphas[k] - beta);
        }
        return Negate(q);
    }

    private static double Dot(double[] a, double[] b) => System.Numerics.Tensors.TensorPrimitives.Dot<double>(a, b);

    private static double[] Negate(double[] a) => a.Select(x => -x).ToArray();

    private static double[] Subtract(double[] a, double[] b) => a.Select((x, i) => x - b[i]).ToArray();

    private static void AddScaled(double[] target, double[] source, double scale)
    {
        for (int i = 0; i < target.Length; i++) target[i] += scale * source[i];
    }
}
