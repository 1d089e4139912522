using System.Numerics;
using NeuralTangents.LinearAlgebra;
using NeuralTangents.Predicting;

namespace NeuralTangents;

/// <summary>
/// Exact posteriors at infinite training time (Neural Tangents' <c>gp_inference</c>), created by
/// <see cref="Predict.GpInference{T}(Kernel{T}, Tensor{T}, double, bool)"/>. With K the NNGP and Θ the NTK,
/// d the training items, t the test items, and A = K_dd + λI (A_Θ = Θ_dd + λI):
/// <list type="bullet">
/// <item><see cref="Nngp"/>: mean K_td A⁻¹ y, covariance K_tt − K_td A⁻¹ K_dt (the Bayesian posterior).</item>
/// <item><see cref="Ntk"/>: mean Θ_td A_Θ⁻¹ y, covariance K_tt + Θ_td A_Θ⁻¹ K_dd A_Θ⁻¹ Θ_dt − (Θ_td A_Θ⁻¹ K_dt + transpose)
/// (an infinite ensemble of networks trained to convergence by gradient flow on MSE).</item>
/// <item><see cref="NtkGp"/>: mean as <see cref="Ntk"/>, covariance Θ_tt − Θ_td A_Θ⁻¹ Θ_dt (a GP with the NTK as prior).</item>
/// </list>
/// Each Cholesky factorization is computed on first use and cached. Covariances are computed only when the
/// test-test kernel is given; the NTK covariance needs both kernels in every argument.
/// </summary>
/// <typeparam name="T">The precision of the kernels; all linear algebra runs in it.</typeparam>
public sealed class GpInferencePredictor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Kernel<T> _trainTrain;
    private readonly Tensor<T> _yTrain;
    private readonly int _n, _outputs;
    private readonly double _diagReg;
    private readonly bool _absolute;
    private readonly Lazy<Solved>[] _solved;

    internal GpInferencePredictor(Kernel<T> trainTrain, Tensor<T> yTrain, double diagReg, bool diagRegAbsoluteScale)
    {
        ArgumentNullException.ThrowIfNull(trainTrain);
        _outputs = PredictArguments.Outputs(yTrain);
        PredictArguments.DiagReg(diagReg);
        _n = yTrain.Dim(0);
        if (trainTrain.Nngp is null && trainTrain.Ntk is null)
            throw new ArgumentException("kTrainTrain holds neither an NNGP nor an NTK matrix.", nameof(trainTrain));
        if (trainTrain.Nngp is { } nngp) PredictArguments.SquareKernel(nngp, _n, "kTrainTrain.Nngp");
        if (trainTrain.Ntk is { } ntk) PredictArguments.SquareKernel(ntk, _n, "kTrainTrain.Ntk");
        _trainTrain = trainTrain;
        _yTrain = yTrain;
        _diagReg = diagReg;
        _absolute = diagRegAbsoluteScale;
        _solved = new[] { new Lazy<Solved>(() => Solve(isNtk: false)), new Lazy<Solved>(() => Solve(isNtk: true)) };
    }

    /// <summary>The absolute regularizer λ added to the NNGP train-train kernel.</summary>
    public double NngpRegularizer => _solved[0].Value.Lambda;

    /// <summary>The absolute regularizer λ added to the NTK train-train kernel.</summary>
    public double NtkRegularizer => _solved[1].Value.Lambda;

    /// <summary>
    /// The NNGP posterior on the test items of <paramref name="testTrain"/> (its <c>Nngp</c>, m×n), with the
    /// covariance when <paramref name="testTest"/> (its <c>Nngp</c>, m×m) is given. Without
    /// <paramref name="testTrain"/> the training set is predicted: mean y and, if <paramref name="testTest"/> is
    /// given, covariance 0, as in Neural Tangents.
    /// </summary>
    /// <exception cref="NotPositiveDefiniteException">K_dd + λI is not positive definite.</exception>
    public Gaussian<T> Nngp(Kernel<T>? testTrain = null, Kernel<T>? testTest = null) => Posterior(Mode.Nngp, testTrain, testTest);

    /// <summary>
    /// The NTK posterior (infinite ensemble trained to convergence). The mean needs the NTK matrices; the
    /// covariance also needs the NNGP train-train and test-train matrices and the NNGP test-test matrix.
    /// </summary>
    /// <exception cref="NotPositiveDefiniteException">Θ_dd + λI is not positive definite.</exception>
    public Gaussian<T> Ntk(Kernel<T>? testTrain = null, Kernel<T>? testTest = null) => Posterior(Mode.Ntk, testTrain, testTest);

    /// <summary>The posterior of a GP whose prior covariance is the NTK (Neural Tangents' <c>ntkgp</c>); needs NTK matrices only.</summary>
    /// <exception cref="NotPositiveDefiniteException">Θ_dd + λI is not positive definite.</exception>
    public Gaussian<T> NtkGp(Kernel<T>? testTrain = null, Kernel<T>? testTest = null) => Posterior(Mode.NtkGp, testTrain, testTest);

    private enum Mode { Nngp, Ntk, NtkGp }

    private sealed record Solved(CholeskyFactor<T> Factor, T[] InverseTimesY, double Lambda);

    private Solved Solve(bool isNtk)
    {
        var kernel = Matrix(_trainTrain, isNtk, "kTrainTrain");
        double lambda = Regularizer.Absolute<T>(kernel.Data, _n, _diagReg, _absolute);
        var factor = CholeskyFactor<T>.Factor(kernel.Data, _n, lambda, isNtk ? "The NTK train-train kernel" : "The NNGP train-train kernel");
        var alpha = (T[])_yTrain.Data.Clone();
        factor.Solve(alpha, _outputs);
        return new Solved(factor, alpha, lambda);
    }

    private Gaussian<T> Posterior(Mode mode, Kernel<T>? testTrain, Kernel<T>? testTest)
    {
        bool ntk = mode != Mode.Nngp;
        if (testTrain is null)
        {
            Matrix(_trainTrain, ntk, "kTrainTrain");
            return new Gaussian<T>(_yTrain.Clone(), testTest is null ? null : Tensor<T>.Zeros(_n, _n));
        }

        var kTd = Matrix(testTrain, ntk, nameof(testTrain));
        int m = PredictArguments.TestTrainKernel(kTd, _n, nameof(testTrain));
        var solved = _solved[ntk ? 1 : 0].Value;
        var mean = HostMatrix.Multiply<T>(kTd.Data, false, solved.InverseTimesY, false, m, _n, _outputs);
        var meanTensor = new Tensor<T>(mean, _yTrain.Rank == 1 ? new[] { m } : new[] { m, _outputs });
        if (testTest is null) return new Gaussian<T>(meanTensor, null);

        var prior = Matrix(testTest, mode == Mode.NtkGp, nameof(testTest));
        PredictArguments.TestTestKernel(prior, m, nameof(testTest));
        var covariance = mode == Mode.Ntk
            ? NtkCovariance(solved.Factor, kTd, testTrain, prior, m)
            : GpCovariance(solved.Factor, kTd, prior, m);
        return new Gaussian<T>(meanTensor, new Tensor<T>(covariance, m, m));
    }

    // K_tt − K_td A⁻¹ K_dt = K_tt − W·Wᵀ with W = K_td·L⁻ᵀ: symmetric by construction.
    private T[] GpCovariance(CholeskyFactor<T> factor, Tensor<T> kTd, Tensor<T> prior, int m)
    {
        var w = (T[])kTd.Data.Clone();
        factor.WhitenRows(w, m);
        var covariance = (T[])prior.Data.Clone();
        Blas.Backend.SyrkLower(false, m, _n, -T.One, w, _n, T.One, covariance, m);
        HostMatrix.MirrorLower<T>(covariance, m);
        return covariance;
    }

    // K_tt + X·K_dd·Xᵀ − (X·K_dt + K_td·Xᵀ) with X = Θ_td·A_Θ⁻¹.
    private T[] NtkCovariance(CholeskyFactor<T> factor, Tensor<T> thetaTd, Kernel<T> testTrain, Tensor<T> prior, int m)
    {
        var kDd = Matrix(_trainTrain, ntk: false, "kTrainTrain");
        var kTd = Matrix(testTrain, ntk: false, nameof(testTrain));
        PredictArguments.TestTrainKernel(kTd, _n, "testTrain.Nngp");
        var x = (T[])thetaTd.Data.Clone();
        factor.SolveRows(x, m);
        var xk = HostMatrix.Multiply<T>(x, false, kDd.Data, false, m, _n, _n);
        var covariance = HostMatrix.Multiply<T>(xk, false, x, true, m, _n, m);
        var cross = HostMatrix.Multiply<T>(x, false, kTd.Data, true, m, _n, m);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                covariance[i * m + j] += prior.Data[i * m + j] - cross[i * m + j] - cross[j * m + i];
        HostMatrix.Symmetrize<T>(covariance, m);
        return covariance;
    }

    private static Tensor<T> Matrix(Kernel<T> kernel, bool ntk, string argument)
    {
        ArgumentNullException.ThrowIfNull(kernel, argument);
        return (ntk ? kernel.Ntk : kernel.Nngp)
            ?? throw new ArgumentException($"{argument} has no {(ntk ? "NTK" : "NNGP")} matrix, which this prediction needs; compute the kernel with KernelOutputs.{(ntk ? "Ntk" : "Both")}.", argument);
    }
}
