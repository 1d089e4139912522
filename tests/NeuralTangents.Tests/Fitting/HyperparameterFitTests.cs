using MathNet.Numerics.LinearAlgebra;
using NeuralTangents.Tests.Support;

namespace NeuralTangents.Tests.Fitting;

/// <summary>
/// Fits the NNGP of a linear network, K = wStd²·XXᵀ/d + bStd², plus noise λ to targets drawn from that very GP
/// (wStd = 1.5, bStd = 0.6, λ = 0.1), many independent output columns so that the maximum-likelihood estimate is
/// close to the truth.
/// </summary>
public sealed class HyperparameterFitTests
{
    private const int N = 80, D = 3, Outputs = 30;
    private const double TrueW = 1.5, TrueB = 0.6, TrueNoise = 0.1;

    private static readonly double[] X = GaussianSamples.Normals(N * D, seed: 11);

    private static LinearNetworkNngp Model(double wStd = 0.5, double bStd = 2.0) => new(X, N, D, wStd, bStd);

    private static readonly Tensor<double> Y =
        new(GaussianSamples.Draw(Model().Covariance(TrueW, TrueB, TrueNoise), N, Outputs, seed: 12), N, Outputs);

    private static HyperparameterFitOptions Absolute(double diagReg = 1.0) => new() { DiagReg = diagReg, DiagRegAbsoluteScale = true };

    [Fact]
    public void Fit_raises_the_likelihood_to_a_stationary_point()
    {
        var fit = HyperparameterFit.Maximize(Model(), Y, Absolute());

        Assert.Equal(HyperparameterFitStop.Converged, fit.Stop);
        Assert.True(fit.LogMarginalLikelihood > fit.InitialLogMarginalLikelihood + 100,
            $"log p(Y) went from {fit.InitialLogMarginalLikelihood} to {fit.LogMarginalLikelihood}");

        // The gradient at the fitted values, evaluated afresh through Predict: zero to the fit's tolerance,
        // 1e-6·|L| per log-coordinate (the stopping rule), checked at 1e-5·|L|.
        double w = fit.Values["wStd"], b = fit.Values["bStd"];
        var model = Model();
        var at = model.Evaluate(new[] { w, b }, new[] { 0, 1 }, default);
        var check = NeuralTangents.Predict.LogMarginalLikelihood(at.Kernel, Y, at.Derivatives, fit.DiagReg, diagRegAbsoluteScale: true);
        Assert.Equal(fit.LogMarginalLikelihood, check.Value, 1e-9 * Math.Abs(check.Value));
        double tolerance = 1e-5 * Math.Abs(check.Value);
        Assert.InRange(w * check.Gradient[0], -tolerance, tolerance);
        Assert.InRange(b * check.Gradient[1], -tolerance, tolerance);
        Assert.InRange(fit.DiagReg * check.DiagRegGradient, -tolerance, tolerance);
        Assert.Equal(check.Gradient[0], fit.Gradient["wStd"], 1e-9 * Math.Abs(check.Value));
        Assert.Equal(fit.DiagReg, fit.Regularizer);
    }

    [Fact]
    public void Fit_recovers_the_generating_values_within_4_standard_errors()
    {
        var fit = HyperparameterFit.Maximize(Model(), Y, Absolute());
        double w = fit.Values["wStd"], b = fit.Values["bStd"], noise = fit.DiagReg;

        // Standard errors of (log w, log b, log λ) from the Fisher information at the estimate,
        // I_ij = (outputs/2)·tr(A⁻¹ ∂_iA A⁻¹ ∂_jA) with ∂A/∂log θ = θ·∂A/∂θ.
        var gram = Matrix<double>.Build.DenseOfRowMajor(N, N, Model().Gram);
        var ones = Matrix<double>.Build.Dense(N, N, 1.0);
        var identity = Matrix<double>.Build.DenseIdentity(N);
        var inverse = (w * w * gram + b * b * ones + noise * identity).Inverse();
        var scaled = new[] { inverse * (2 * w * w * gram), inverse * (2 * b * b * ones), inverse * (noise * identity) };
        var fisher = Matrix<double>.Build.Dense(3, 3, (i, j) => 0.5 * Outputs * (scaled[i] * scaled[j]).Trace());
        var covariance = fisher.Inverse();

        double[] estimate = { Math.Log(w), Math.Log(b), Math.Log(noise) };
        double[] truth = { Math.Log(TrueW), Math.Log(TrueB), Math.Log(TrueNoise) };
        for (int i = 0; i < 3; i++)
        {
            double standardError = Math.Sqrt(covariance[i, i]);
            Assert.True(Math.Abs(estimate[i] - truth[i]) <= 4 * standardError,
                $"log-parameter {i}: estimate {estimate[i]:G6}, truth {truth[i]:G6}, standard error {standardError:G3}");
        }
    }

    [Fact]
    public void Different_starts_reach_the_same_maximum()
    {
        var a = HyperparameterFit.Maximize(Model(0.5, 2.0), Y, Absolute(1.0));
        var b = HyperparameterFit.Maximize(Model(4.0, 0.05), Y, Absolute(1e-3));

        Assert.Equal(a.Values["wStd"], b.Values["wStd"], 1e-4 * a.Values["wStd"]);
        Assert.Equal(a.Values["bStd"], b.Values["bStd"], 1e-4 * a.Values["bStd"]);
        Assert.Equal(a.DiagReg, b.DiagReg, 1e-4 * a.DiagReg);
    }

    [Fact]
    public void A_relative_regularizer_reaches_the_same_absolute_noise()
    {
        // The same model in another parametrization: λ = diagReg·trace(K)/n moves with wStd and bStd, which the
        // gradient must account for, so both fits end at the same (wStd, bStd, λ).
        var absolute = HyperparameterFit.Maximize(Model(), Y, Absolute());
        var relative = HyperparameterFit.Maximize(Model(), Y, new HyperparameterFitOptions { DiagReg = 0.1 });

        Assert.Equal(HyperparameterFitStop.Converged, relative.Stop);
        Assert.Equal(absolute.Regularizer, relative.Regularizer, 1e-4 * absolute.Regularizer);
        Assert.Equal(absolute.Values["wStd"], relative.Values["wStd"], 1e-4 * absolute.Values["wStd"]);
        Assert.Equal(absolute.LogMarginalLikelihood, relative.LogMarginalLikelihood, 1e-9 * Math.Abs(absolute.LogMarginalLikelihood));
    }

    [Fact]
    public void A_float32_kernel_fits_to_the_float64_optimum_within_its_rounding()
    {
        var wide = HyperparameterFit.Maximize(Model(), Y, Absolute());
        var single = HyperparameterFit.Maximize(new SinglePrecision(Model()), Y.Cast<float>(), Absolute());

        // Rounding the kernel and its derivatives to float32 (relative 6e-8) perturbs the likelihood surface by about
        // that relative amount, which moves this well-conditioned optimum by a comparable relative amount: 1e-3 is a
        // wide margin. The float32 gradient is noisy at that level, so the stop may be NoProgress rather than Converged.
        Assert.True(single.LogMarginalLikelihood > single.InitialLogMarginalLikelihood + 100);
        Assert.Equal(wide.Values["wStd"], single.Values["wStd"], 1e-3 * wide.Values["wStd"]);
        Assert.Equal(wide.Values["bStd"], single.Values["bStd"], 1e-3 * wide.Values["bStd"]);
        Assert.Equal(wide.DiagReg, single.DiagReg, 1e-3 * wide.DiagReg);
    }

    [Fact]
    public void Only_the_selected_hyperparameters_move()
    {
        var fit = HyperparameterFit.Maximize(Model(), Y,
            new HyperparameterFitOptions { Fit = new[] { "wStd" }, FitDiagReg = false, DiagReg = TrueNoise, DiagRegAbsoluteScale = true });

        Assert.Equal(new[] { "wStd" }, fit.Fitted);
        Assert.False(fit.FittedDiagReg);
        Assert.Equal(2.0, fit.Values["bStd"]);
        Assert.Equal(TrueNoise, fit.DiagReg);
        Assert.NotEqual(0.5, fit.Values["wStd"]);
        Assert.Equal(new[] { "wStd" }, fit.Gradient.Keys);
        Assert.True(fit.LogMarginalLikelihood > fit.InitialLogMarginalLikelihood);
    }

    [Fact]
    public void Progress_reports_every_accepted_iterate_with_a_rising_likelihood()
    {
        var reported = new List<HyperparameterFitIteration>();
        var fit = HyperparameterFit.Maximize(Model(), Y, Absolute(), new SynchronousProgress<HyperparameterFitIteration>(reported.Add));

        Assert.Equal(fit.Trace, reported);
        Assert.True(reported.Count > 2);
        for (int i = 0; i < reported.Count; i++)
        {
            Assert.Equal(i, reported[i].Iteration);
            Assert.Equal(new[] { "wStd", "bStd" }, reported[i].Values.Keys);
            if (i == 0) continue;
            Assert.True(reported[i].LogMarginalLikelihood > reported[i - 1].LogMarginalLikelihood);
            Assert.True(reported[i].Evaluations > reported[i - 1].Evaluations);
        }
        Assert.Equal(0.5, reported[0].Values["wStd"]);
        Assert.Equal(1.0, reported[0].DiagReg);
        Assert.Equal(1, reported[0].Evaluations);
        Assert.True(reported[^1].GradientNorm < reported[0].GradientNorm * 1e-3);
        Assert.Equal(fit.Evaluations, reported[^1].Evaluations);
    }

    [Fact]
    public void Cancellation_stops_the_fit()
    {
        using var fromProgress = new CancellationTokenSource();
        var progress = new SynchronousProgress<HyperparameterFitIteration>(it => { if (it.Iteration == 2) fromProgress.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => HyperparameterFit.Maximize(Model(), Y, Absolute(), progress, fromProgress.Token));

        // Cancelled inside a kernel evaluation (the kernel sees the token).
        using var inside = new CancellationTokenSource();
        var model = Model();
        model.OnEvaluate = count => { if (count == 4) inside.Cancel(); };
        Assert.ThrowsAny<OperationCanceledException>(() => HyperparameterFit.Maximize(model, Y, Absolute(), cancellationToken: inside.Token));
        Assert.Equal(4, model.Evaluations);

        var untouched = Model();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            HyperparameterFit.Maximize(untouched, Y, Absolute(), cancellationToken: new CancellationToken(canceled: true)));
        Assert.Equal(0, untouched.Evaluations);
    }

    [Fact]
    public void Bad_selections_and_starting_values_are_rejected_clearly()
    {
        var empty = Assert.Throws<ArgumentException>(() =>
            HyperparameterFit.Maximize(Model(), Y, new HyperparameterFitOptions { Fit = Array.Empty<string>(), FitDiagReg = false }));
        Assert.Contains("Nothing to fit", empty.Message);
        Assert.Contains("wStd, bStd", empty.Message);

        var unknown = Assert.Throws<ArgumentException>(() =>
            HyperparameterFit.Maximize(Model(), Y, new HyperparameterFitOptions { Fit = new[] { "WStd" } }));
        Assert.Contains("'WStd'", unknown.Message);
        Assert.Contains("wStd, bStd", unknown.Message);

        var negative = Assert.Throws<ArgumentException>(() =>
            HyperparameterFit.Maximize(Model(), Y, new HyperparameterFitOptions { InitialValues = new Dictionary<string, double> { ["bStd"] = -0.5 } }));
        Assert.Contains("'bStd'", negative.Message);
        Assert.Contains("-0.5", negative.Message);
        Assert.Contains("logarithm", negative.Message);

        var zero = Assert.Throws<ArgumentException>(() => HyperparameterFit.Maximize(Model(0.0), Y));
        Assert.Contains("'wStd' is 0", zero.Message);

        // A fixed hyperparameter may be zero: it is not fitted on a log scale.
        var fixedZero = HyperparameterFit.Maximize(Model(1.0, 0.0), Y, new HyperparameterFitOptions { Fit = new[] { "wStd" }, MaxIterations = 1 });
        Assert.Equal(0.0, fixedZero.Values["bStd"]);

        var diagReg = Assert.Throws<ArgumentOutOfRangeException>(() => HyperparameterFit.Maximize(Model(), Y, new HyperparameterFitOptions { DiagReg = 0 }));
        Assert.Contains("FitDiagReg = false", diagReg.Message);

        var rows = Assert.Throws<ArgumentException>(() => HyperparameterFit.Maximize(Model(), new Tensor<double>(new double[N - 1], N - 1)));
        Assert.Equal("yTrain", rows.ParamName);
        Assert.Contains($"{N}×{N}", rows.Message);
    }

    [Fact]
    public void A_kernel_that_breaks_its_contract_is_named()
    {
        var e = Assert.Throws<InvalidOperationException>(() => HyperparameterFit.Maximize(new MissingDerivative(), new Tensor<double>(new[] { 1.0 }, 1)));
        Assert.Contains("MissingDerivative.Evaluate returned 0 derivatives for the 1 requested", e.Message);
    }

    [Fact]
    public void A_start_that_is_not_positive_definite_throws_and_trial_points_beyond_it_are_rejected()
    {
        // K(a) = I + a·M with M = [[0, 1], [1, 0]] is positive definite for |a| < 1 only. With y along (1, 1) the
        // likelihood grows without bound as a → 1, so the optimizer keeps proposing steps past a = 1.
        var y = new Tensor<double>(new[] { 1.0, 1.0 }, 2);
        Assert.Throws<NotPositiveDefiniteException>(() => HyperparameterFit.Maximize(new Coupled(1.5), y, new HyperparameterFitOptions { FitDiagReg = false, DiagReg = 0 }));

        var fit = HyperparameterFit.Maximize(new Coupled(0.0), y, new HyperparameterFitOptions { FitDiagReg = false, DiagReg = 0, MaxIterations = 30 });
        Assert.All(fit.Trace, it => Assert.InRange(it.Values["a"], 0.0, 1.0));
        Assert.True(fit.Values["a"] > 0.9, string.Join("; ", fit.Trace.Select(it => $"{it.Values["a"]:R} {it.LogMarginalLikelihood:R} {it.Evaluations}")) + " " + fit.Stop);
        Assert.NotEqual(HyperparameterFitStop.Converged, fit.Stop);
    }

    /// <summary>A float64 kernel handed over in float32, as a network kernel computed in single precision would be.</summary>
    private sealed class SinglePrecision(IDifferentiableKernel<double> inner) : IDifferentiableKernel<float>
    {
        public IReadOnlyList<KernelHyperparameter> Hyperparameters => inner.Hyperparameters;

        public DifferentiatedKernel<float> Evaluate(IReadOnlyList<double> values, IReadOnlyList<int> differentiate, CancellationToken cancellationToken)
        {
            var result = inner.Evaluate(values, differentiate, cancellationToken);
            return new(result.Kernel.Cast<float>(), result.Derivatives.Select(d => d.Cast<float>()).ToArray());
        }
    }

    private sealed class MissingDerivative : IDifferentiableKernel<double>
    {
        public IReadOnlyList<KernelHyperparameter> Hyperparameters { get; } = new[] { new KernelHyperparameter("scale", 1) };

        public DifferentiatedKernel<double> Evaluate(IReadOnlyList<double> values, IReadOnlyList<int> differentiate, CancellationToken cancellationToken) =>
            new(new Tensor<double>(new[] { values[0] }, 1, 1), Array.Empty<Tensor<double>>());
    }

    private sealed class Coupled(double a) : IDifferentiableKernel<double>
    {
        public IReadOnlyList<KernelHyperparameter> Hyperparameters { get; } = new[] { new KernelHyperparameter("a", a, IsPositive: false) };

        public DifferentiatedKernel<double> Evaluate(IReadOnlyList<double> values, IReadOnlyList<int> differentiate, CancellationToken cancellationToken) =>
            new(new Tensor<double>(new[] { 1, values[0], values[0], 1 }, 2, 2),
                differentiate.Select(_ => new Tensor<double>(new[] { 0.0, 1, 1, 0 }, 2, 2)).ToArray());
    }
}
