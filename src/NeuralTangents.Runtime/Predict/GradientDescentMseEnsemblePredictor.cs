using System.Numerics;
using NeuralTangents.LinearAlgebra;
using NeuralTangents.Predicting;

namespace NeuralTangents;

/// <summary>
/// Mean and covariance of the outputs of an infinite ensemble of infinitely wide networks trained by gradient
/// flow on MSE, at any time (Neural Tangents' <c>gradient_descent_mse_ensemble</c>), created by
/// <see cref="Predict.GradientDescentMseEnsemble{T}(ILayer, Tensor{T}, Tensor{T}, double, double, bool, KernelOptions?)"/>.
/// It computes the kernels it needs itself (in tiles, through the kernel function) and caches them: the
/// train-train kernel once, the test kernels for the last test inputs.
/// </summary>
/// <remarks>
/// With τ = learningRate·t, N_y the number of target entries, A_g = K^g_dd + λI = Vᵀdiag(σ)V for g ∈ {NNGP, NTK}
/// (one eigendecomposition per g, reused for every t; σ⁺ = max(σ, 0)), E(τ) = Vᵀdiag(e^{−σ⁺τ/N_y})V and
/// R(τ) = Vᵀdiag((1 − e^{−σ⁺τ/N_y})/σ)V ≈ A⁻¹(I − E(τ)):
/// <list type="bullet">
/// <item>mean: test K^g_td R(τ) y; training set (I − E(τ)) y;</item>
/// <item>NNGP covariance: test K_tt − K_td R(2τ) K_dt; training set Vᵀdiag(σ⁺e^{−2σ⁺τ/N_y})V;</item>
/// <item>NTK covariance: test K_tt + Mᵀ K_dd M − (Θ_td R(τ) K_dt + transpose) with M = R(τ) Θ_dt; training set
/// E(τ) K_dd E(τ).</item>
/// </list>
/// K is the NNGP, Θ the NTK; the NTK covariance therefore also needs the NNGP. t = +∞ is
/// <see cref="GpInferencePredictor{T}"/> (Cholesky, no eigendecomposition). Without test inputs the
/// predictions are for the training set, unregularized; pass the training inputs as test inputs for the
/// regularized ones.
/// </remarks>
/// <typeparam name="T">The precision of the kernels; all linear algebra runs in it.</typeparam>
public sealed class GradientDescentMseEnsemblePredictor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly KernelFunction<T> _kernelFn;
    private readonly Tensor<T> _xTrain, _yTrain;
    private readonly int _n, _outputs;
    private readonly double _learningRate, _diagReg;
    private readonly bool _absolute;
    private readonly SymmetricEigensystem<T>?[] _eigen = new SymmetricEigensystem<T>?[2];
    private Tensor<T>? _nngpDd, _ntkDd;
    private GpInferencePredictor<T>? _gp;
    private (Tensor<T> X, Tensor<T>? NngpTd, Tensor<T>? NtkTd, Tensor<T>? NngpTt)? _test;

    internal GradientDescentMseEnsemblePredictor(KernelFunction<T> kernelFn, Tensor<T> xTrain, Tensor<T> yTrain,
        double learningRate, double diagReg, bool diagRegAbsoluteScale)
    {
        ArgumentNullException.ThrowIfNull(kernelFn);
        ArgumentNullException.ThrowIfNull(xTrain);
        _outputs = PredictArguments.Outputs(yTrain);
        _n = yTrain.Dim(0);
        if (xTrain.Rank < 1 || xTrain.Dim(0) != _n)
            throw new ArgumentException($"xTrain must have one item per target row ({_n}), got shape {xTrain.ShapeText}.", nameof(xTrain));
        PredictArguments.LearningRate(learningRate);
        PredictArguments.DiagReg(diagReg);
        _kernelFn = kernelFn;
        _xTrain = xTrain;
        _yTrain = yTrain;
        _learningRate = learningRate;
        _diagReg = diagReg;
        _absolute = diagRegAbsoluteScale;
    }

    /// <summary>
    /// Predictions at time <paramref name="t"/> (+∞ = converged) on <paramref name="xTest"/> (null: the training
    /// set) for the regimes in <paramref name="get"/>, with covariances when <paramref name="computeCovariance"/>.
    /// </summary>
    /// <exception cref="NotPositiveDefiniteException">A regularized train-train kernel is not positive definite.</exception>
    public EnsemblePrediction<T> Predict(double t = double.PositiveInfinity, Tensor<T>? xTest = null,
        KernelOutputs get = KernelOutputs.Both, bool computeCovariance = false)
    {
        PredictArguments.Time(t);
        if ((get & KernelOutputs.Both) == 0 || (get & ~KernelOutputs.Both) != 0)
            throw new ArgumentOutOfRangeException(nameof(get), get, "get must be Nngp, Ntk or Both.");
        bool wantNngp = get.HasFlag(KernelOutputs.Nngp), wantNtk = get.HasFlag(KernelOutputs.Ntk);
        bool needNngp = wantNngp || (wantNtk && computeCovariance);
        EnsureTrainTrain(needNngp, wantNtk);
        var test = xTest is null ? ((Tensor<T>?, Tensor<T>?, Tensor<T>?))(null, null, null) : TestKernels(xTest, needNngp, wantNtk, computeCovariance);

        if (double.IsPositiveInfinity(t))
        {
            var gp = Gp();
            Kernel<T>? testTrain = xTest is null ? null : Pack(test.Item1, test.Item2, xTest.Dim(0), _n);
            Kernel<T>? testTest = !computeCovariance ? null : xTest is null ? Pack(_nngpDd, null, _n, _n) : Pack(test.Item3, null, xTest.Dim(0), xTest.Dim(0));
            return new EnsemblePrediction<T>(t,
                wantNngp ? gp.Nngp(testTrain, testTest) : null,
                wantNtk ? gp.Ntk(testTrain, testTest) : null);
        }

        double tau = _learningRate * t / _yTrain.Length;
        return new EnsemblePrediction<T>(t,
            wantNngp ? Finite(isNtk: false, tau, test.Item1, test.Item1, test.Item3, computeCovariance) : null,
            wantNtk ? Finite(isNtk: true, tau, test.Item2, test.Item1, test.Item3, computeCovariance) : null);
    }

    /// <summary>
    /// The converged predictions (t = +∞, Neural Tangents' default <c>t=None</c>) on <paramref name="testInputs"/>:
    /// <c>Predict(xTest)</c> is <c>Predict(double.PositiveInfinity, xTest)</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="testInputs"/> is null.</exception>
    /// <exception cref="NotPositiveDefiniteException">A regularized train-train kernel is not positive definite.</exception>
    public EnsemblePrediction<T> Predict(Tensor<T> testInputs, KernelOutputs get = KernelOutputs.Both, bool computeCovariance = false)
    {
        ArgumentNullException.ThrowIfNull(testInputs);
        return Predict(double.PositiveInfinity, testInputs, get, computeCovariance);
    }

    /// <summary>Predictions at each time, reusing the kernels and eigendecompositions.</summary>
    public IReadOnlyList<EnsemblePrediction<T>> Predict(IReadOnlyList<double> times, Tensor<T>? xTest = null,
        KernelOutputs get = KernelOutputs.Both, bool computeCovariance = false) =>
        PredictArguments.Times(times).Select(t => Predict(t, xTest, get, computeCovariance)).ToArray();

    private Gaussian<T> Finite(bool isNtk, double tau, Tensor<T>? gTd, Tensor<T>? kTd, Tensor<T>? kTt, bool covariance)
    {
        var eigen = Eigen(isNtk);
        var sigma = eigen.Values.Select(s => Math.Max(s, 0)).ToArray();
        var kDd = _nngpDd;
        int k = _outputs;
        var coordinates = eigen.ToEigenbasis(_yTrain.Data, k);

        if (gTd is null)
        {
            // Training set: (I − E(τ)) y and the covariances of the remarks.
            HostMatrix.ScaleRows<T>(coordinates, k, sigma.Select(s => -double.ExpM1(-s * tau)).ToArray());
            var trainMean = new Tensor<T>(eigen.FromEigenbasis(coordinates, k), _yTrain.Shape);
            if (!covariance) return new Gaussian<T>(trainMean, null);
            T[] trainCov = isNtk
                ? DecayKernelDecay(eigen, sigma, tau, kDd!)
                : Function(eigen, sigma.Select(s => s * Math.Exp(-2 * s * tau)).ToArray());
            return new Gaussian<T>(trainMean, new Tensor<T>(trainCov, _n, _n));
        }

        int m = gTd.Dim(0);
        HostMatrix.ScaleRows<T>(coordinates, k, sigma.Select(s => Resolvent(s, tau)).ToArray());
        var mean = HostMatrix.Multiply<T>(gTd.Data, false, eigen.FromEigenbasis(coordinates, k), false, m, _n, k);
        var meanTensor = new Tensor<T>(mean, _yTrain.Rank == 1 ? new[] { m } : new[] { m, k });
        if (!covariance) return new Gaussian<T>(meanTensor, null);

        // G = V·g_dt (n×m): the test-train kernel of this regime in the eigenbasis.
        var g = HostMatrix.Multiply<T>(eigen.Vectors, false, gTd.Data, true, _n, _n, m);
        var cov = (T[])kTt!.Data.Clone();
        if (!isNtk)
        {
            // K_tt − (D G)ᵀ(D G) with D = diag(√R(2τ)).
            HostMatrix.ScaleRows<T>(g, m, sigma.Select(s => Math.Sqrt(Resolvent(s, 2 * tau))).ToArray());
            Blas.Backend.SyrkLower(true, m, _n, -T.One, g, m, T.One, cov, m);
            HostMatrix.MirrorLower<T>(cov, m);
        }
        else
        {
            HostMatrix.ScaleRows<T>(g, m, sigma.Select(s => Resolvent(s, tau)).ToArray());
            var mMatrix = HostMatrix.Multiply<T>(eigen.Vectors, true, g, false, _n, _n, m); // R(τ)·Θ_dt
            var km = HostMatrix.Multiply<T>(kDd!.Data, false, mMatrix, false, _n, _n, m);
            var quadratic = HostMatrix.Multiply<T>(mMatrix, true, km, false, m, _n, m);
            var cross = HostMatrix.Multiply<T>(mMatrix, true, kTd!.Data, true, m, _n, m); // Θ_td R K_dt
            for (int i = 0; i < m; i++)
                for (int j = 0; j < m; j++) cov[i * m + j] += quadratic[i * m + j] - cross[i * m + j] - cross[j * m + i];
            HostMatrix.Symmetrize<T>(cov, m);
        }
        return new Gaussian<T>(meanTensor, new Tensor<T>(cov, m, m));
    }

    // (1 − e^{−στ})/σ with its limit τ at σ = 0.
    private static double Resolvent(double sigma, double tau) => sigma > 0 ? -double.ExpM1(-sigma * tau) / sigma : tau;

    // Vᵀ·diag(f)·V.
    private T[] Function(SymmetricEigensystem<T> eigen, double[] f)
    {
        var scaled = (T[])eigen.Vectors.Clone();
        HostMatrix.ScaleRows<T>(scaled, _n, f);
        var result = HostMatrix.Multiply<T>(eigen.Vectors, true, scaled, false, _n, _n, _n);
        HostMatrix.Symmetrize<T>(result, _n);
        return result;
    }

    private T[] DecayKernelDecay(SymmetricEigensystem<T> eigen, double[] sigma, double tau, Tensor<T> kDd)
    {
        var decay = Function(eigen, sigma.Select(s => Math.Exp(-s * tau)).ToArray());
        var kd = HostMatrix.Multiply<T>(kDd.Data, false, decay, false, _n, _n, _n);
        var result = HostMatrix.Multiply<T>(decay, false, kd, false, _n, _n, _n);
        HostMatrix.Symmetrize<T>(result, _n);
        return result;
    }

    private SymmetricEigensystem<T> Eigen(bool isNtk)
    {
        int slot = isNtk ? 1 : 0;
        if (_eigen[slot] is { } cached) return cached;
        var kernel = (isNtk ? _ntkDd : _nngpDd)!;
        double lambda = Regularizer.Absolute<T>(kernel.Data, _n, _diagReg, _absolute);
        return _eigen[slot] = SymmetricEigensystem<T>.Decompose(kernel.Data, _n, lambda, isNtk ? "The NTK train-train kernel" : "The NNGP train-train kernel");
    }

    private GpInferencePredictor<T> Gp() => _gp ??= new GpInferencePredictor<T>(Pack(_nngpDd, _ntkDd, _n, _n)!, _yTrain, _diagReg, _absolute);

    private void EnsureTrainTrain(bool nngp, bool ntk)
    {
        bool missingNngp = nngp && _nngpDd is null, missingNtk = ntk && _ntkDd is null;
        if (!missingNngp && !missingNtk) return;
        // The NTK computation produces the NNGP on the way, so ask for both rather than pay a second pass later.
        var get = missingNtk ? KernelOutputs.Both : KernelOutputs.Nngp;
        var kernel = _kernelFn(_xTrain, null, get);
        _nngpDd ??= Checked(kernel.Nngp, true, _n, _n, "NNGP train-train");
        _ntkDd ??= Checked(kernel.Ntk, get.HasFlag(KernelOutputs.Ntk), _n, _n, "NTK train-train");
        _gp = null; // it holds the matrices it was created with
    }

    private (Tensor<T>? NngpTd, Tensor<T>? NtkTd, Tensor<T>? NngpTt) TestKernels(Tensor<T> xTest, bool nngp, bool ntk, bool covariance)
    {
        if (_test is not { } cached || !ReferenceEquals(cached.X, xTest)) cached = (xTest, null, null, null);
        int m = xTest.Dim(0);
        bool missingNngp = nngp && cached.NngpTd is null, missingNtk = ntk && cached.NtkTd is null;
        if (missingNngp || missingNtk)
        {
            var get = missingNtk ? KernelOutputs.Both : KernelOutputs.Nngp;
            var kernel = _kernelFn(xTest, _xTrain, get);
            cached.NngpTd ??= Checked(kernel.Nngp, true, m, _n, "NNGP test-train");
            cached.NtkTd ??= Checked(kernel.Ntk, missingNtk, m, _n, "NTK test-train");
        }
        if (covariance && cached.NngpTt is null)
            cached.NngpTt = Checked(_kernelFn(xTest, null, KernelOutputs.Nngp).Nngp, true, m, m, "NNGP test-test");
        _test = cached;
        return (cached.NngpTd, cached.NtkTd, cached.NngpTt);
    }

    private static Tensor<T>? Checked(Tensor<T>? matrix, bool required, int rows, int cols, string what)
    {
        if (matrix is null)
            return required ? throw new InvalidOperationException($"The kernel function returned no {what} matrix although it was requested.") : null;
        if (matrix.Rank > 2)
            throw new InvalidOperationException(PredictArguments.SpatialMessage($"The {what} kernel the kernel function returned", matrix.ShapeText));
        if (matrix.Rank != 2 || matrix.Dim(0) != rows || matrix.Dim(1) != cols)
            throw new InvalidOperationException($"The kernel function returned a {what} matrix of shape {matrix.ShapeText}; expected ({rows}, {cols}).");
        return matrix;
    }

    private static Kernel<T>? Pack(Tensor<T>? nngp, Tensor<T>? ntk, int rows, int cols) =>
        nngp is null && ntk is null ? null : new Kernel<T>
        {
            Nngp = nngp,
            Ntk = ntk,
            Cov1 = Tensor<T>.Zeros(rows),
            Shape1 = new[] { rows },
            Shape2 = new[] { cols },
        };
}
