using System.Numerics;
using NeuralTangents.LinearAlgebra;
using NeuralTangents.Predicting;

namespace NeuralTangents;

/// <summary>
/// Predictions of networks trained by gradient descent and of Gaussian processes, from NNGP/NTK kernels
/// (Neural Tangents' <c>nt.predict</c>). Conventions shared by every function, all Neural Tangents':
/// <list type="bullet">
/// <item>Kernels are items × items; the output axis of the targets y (n × outputs) is implicit (the kernel
/// acts as Θ ⊗ I), so one kernel serves every output column.</item>
/// <item>The diagonal regularizer is λ = diagReg·trace(K)/n, i.e. relative to the mean diagonal entry of the
/// train-train kernel, unless <c>diagRegAbsoluteScale</c> is true (then λ = diagReg). It is added as K + λI to
/// the matrix that is factored or eigendecomposed.</item>
/// <item>MSE means ½·mean((f − y)²) over all N_y entries of y, so MSE dynamics run on Θ/N_y.</item>
/// <item>Training time t is in units of the learning rate: gradient descent uses τ = learningRate·t,
/// momentum uses τ = √learningRate·t. t = +∞ means trained to convergence.</item>
/// </list>
/// Dense linear algebra runs on the host backend (OpenBLAS/LAPACK when present, a managed fallback otherwise;
/// see <see cref="LinearAlgebraBackendName"/>), in the precision of the kernels.
/// </summary>
public static partial class Predict
{
    /// <summary>The dense linear-algebra backend the predictors use, e.g. "OpenBLAS (libopenblas.so.0)".</summary>
    public static string LinearAlgebraBackendName => Blas.BackendName;

    /// <summary>
    /// Exact NNGP / NTK / NTKGP posteriors at infinite time (Neural Tangents' <c>gp_inference</c>).
    /// <paramref name="kTrainTrain"/> must hold the matrices the later calls need (both for the NTK covariance).
    /// </summary>
    /// <param name="kTrainTrain">The train-train kernel, n×n matrices (from <c>KernelFn(xTrain)</c>).</param>
    /// <param name="yTrain">Targets, (n) or (n, outputs).</param>
    /// <param name="diagReg">Diagonal regularizer, relative to trace/n unless <paramref name="diagRegAbsoluteScale"/>.</param>
    /// <param name="diagRegAbsoluteScale">Whether <paramref name="diagReg"/> is absolute.</param>
    public static GpInferencePredictor<T> GpInference<T>(Kernel<T> kTrainTrain, Tensor<T> yTrain, double diagReg = 0, bool diagRegAbsoluteScale = false)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new(kTrainTrain, yTrain, diagReg, diagRegAbsoluteScale);

    /// <summary>
    /// Continuous-time gradient descent on MSE of the linearized network with kernel
    /// <paramref name="kTrainTrain"/> (usually the NTK; the NNGP gives training of the last layer only), at any
    /// time (Neural Tangents' <c>gradient_descent_mse</c>).
    /// </summary>
    /// <param name="kTrainTrain">The n×n train-train kernel (its lower triangle is read).</param>
    /// <param name="yTrain">Targets, (n) or (n, outputs).</param>
    /// <param name="learningRate">The learning rate η; time is measured in units of it (τ = η·t).</param>
    /// <param name="diagReg">Diagonal regularizer, relative to trace/n unless <paramref name="diagRegAbsoluteScale"/>.</param>
    /// <param name="diagRegAbsoluteScale">Whether <paramref name="diagReg"/> is absolute.</param>
    public static GradientDescentMsePredictor<T> GradientDescentMse<T>(Tensor<T> kTrainTrain, Tensor<T> yTrain,
        double learningRate = 1, double diagReg = 0, bool diagRegAbsoluteScale = false)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new(kTrainTrain, yTrain, learningRate, diagReg, diagRegAbsoluteScale);

    /// <summary>
    /// The largest learning rate for which full-batch gradient descent (with heavy-ball
    /// <paramref name="momentum"/>) on MSE still converges in the linearized regime:
    /// 2·(1 + momentum)·N_y / (λ_max(Θ) + eps), Neural Tangents' <c>max_learning_rate</c>.
    /// </summary>
    /// <param name="ntkTrainTrain">The n×n NTK on the training set.</param>
    /// <param name="yTrainSize">N_y, the number of target entries (n·outputs); null means n, as Neural Tangents assumes for a kernel without a traced output axis.</param>
    /// <param name="momentum">The momentum coefficient, in [0, 1).</param>
    /// <param name="eps">Added to λ_max to avoid dividing by zero.</param>
    public static double MaxLearningRate<T>(Tensor<T> ntkTrainTrain, int? yTrainSize = null, double momentum = 0, double eps = 1e-12)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(ntkTrainTrain);
        if (ntkTrainTrain.Rank != 2 || ntkTrainTrain.Dim(0) != ntkTrainTrain.Dim(1))
            throw new ArgumentException($"ntkTrainTrain must be a square n×n kernel, got shape {ntkTrainTrain.ShapeText}.", nameof(ntkTrainTrain));
        int n = ntkTrainTrain.Dim(0);
        PredictArguments.SquareKernel(ntkTrainTrain, n, nameof(ntkTrainTrain));
        if (yTrainSize is <= 0)
            throw new ArgumentOutOfRangeException(nameof(yTrainSize), yTrainSize, "The number of target entries must be positive.");
        if (!(momentum >= 0 && momentum < 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");
        double largest = SymmetricEigensystem<T>.LargestEigenvalue(ntkTrainTrain.Data, n);
        return 2 * (1 + momentum) * (yTrainSize ?? n) / (largest + eps);
    }
    /// <summary>
    /// The infinite ensemble of infinitely wide <paramref name="network"/>s trained by gradient flow on MSE
    /// (Neural Tangents' <c>gradient_descent_mse_ensemble</c>); the kernels are computed by the network's
    /// <see cref="ILayer.KernelFn{T}"/> in tiles on the engine of <paramref name="options"/>.
    /// </summary>
    /// <param name="network">The network whose infinite-width kernels define the ensemble.</param>
    /// <param name="xTrain">Training inputs, one item per target row.</param>
    /// <param name="yTrain">Targets, (n) or (n, outputs).</param>
    /// <param name="learningRate">The learning rate η; time is measured in units of it (τ = η·t).</param>
    /// <param name="diagReg">Diagonal regularizer, relative to trace/n unless <paramref name="diagRegAbsoluteScale"/>.</param>
    /// <param name="diagRegAbsoluteScale">Whether <paramref name="diagReg"/> is absolute.</param>
    /// <param name="options">Where and how the kernels are computed; null means the defaults.</param>
    public static GradientDescentMseEnsemblePredictor<T> GradientDescentMseEnsemble<T>(ILayer network, Tensor<T> xTrain, Tensor<T> yTrain,
        double learningRate = 1, double diagReg = 0, bool diagRegAbsoluteScale = false, KernelOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        return new(((x1, x2, get) => network.KernelFn(x1, x2, get, options)), xTrain, yTrain, learningRate, diagReg, diagRegAbsoluteScale);
    }

    /// <summary>
    /// The same ensemble prediction from any kernel function (analytic, Monte Carlo or empirical): it is
    /// called as <c>kernelFn(xTrain, null, get)</c>, <c>kernelFn(xTest, xTrain, get)</c> and
    /// <c>kernelFn(xTest, null, Nngp)</c>.
    /// </summary>
    /// <param name="kernelFn">The kernel function.</param>
    /// <param name="xTrain">Training inputs, one item per target row.</param>
    /// <param name="yTrain">Targets, (n) or (n, outputs).</param>
    /// <param name="learningRate">The learning rate η; time is measured in units of it (τ = η·t).</param>
    /// <param name="diagReg">Diagonal regularizer, relative to trace/n unless <paramref name="diagRegAbsoluteScale"/>.</param>
    /// <param name="diagRegAbsoluteScale">Whether <paramref name="diagReg"/> is absolute.</param>
    public static GradientDescentMseEnsemblePredictor<T> GradientDescentMseEnsemble<T>(KernelFunction<T> kernelFn, Tensor<T> xTrain, Tensor<T> yTrain,
        double learningRate = 1, double diagReg = 0, bool diagRegAbsoluteScale = false)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new(kernelFn, xTrain, yTrain, learningRate, diagReg, diagRegAbsoluteScale);
    /// <summary>
    /// Continuous-time gradient descent on any differentiable <paramref name="loss"/> in function space,
    /// integrated as an ODE (Neural Tangents' <c>gradient_descent</c>); with <paramref name="momentum"/> the
    /// heavy-ball dynamics of <see cref="Momentum{T}"/>.
    /// </summary>
    /// <param name="loss">The loss, e.g. <see cref="Loss.SoftmaxCrossEntropy"/>.</param>
    /// <param name="kTrainTrain">The n×n train-train NTK.</param>
    /// <param name="yTrain">Targets, (n) or (n, outputs).</param>
    /// <param name="learningRate">The learning rate; plain gradient descent measures time in units of it (τ = η·t).</param>
    /// <param name="momentum">Heavy-ball momentum in [0, 1), or null for plain gradient descent.</param>
    /// <param name="relativeTolerance">The ODE solver's relative tolerance.</param>
    /// <param name="absoluteTolerance">The ODE solver's absolute tolerance.</param>
    public static GradientDescentPredictor<T> GradientDescent<T>(Loss loss, Tensor<T> kTrainTrain, Tensor<T> yTrain,
        double learningRate = 1, double? momentum = null, double relativeTolerance = 1.4e-8, double absoluteTolerance = 1.4e-8)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new(loss, kTrainTrain, yTrain, learningRate, momentum, relativeTolerance, absoluteTolerance);

    /// <summary>
    /// Continuous-time gradient descent with heavy-ball (not Nesterov) <paramref name="momentum"/>:
    /// df/dτ = q, dq/dτ = −Θ∇L + μq with μ = (momentum − 1)/√η and τ = √η·t (Neural Tangents'
    /// <c>gradient_descent(…, momentum=m)</c>).
    /// </summary>
    /// <param name="loss">The loss.</param>
    /// <param name="kTrainTrain">The n×n train-train NTK.</param>
    /// <param name="yTrain">Targets, (n) or (n, outputs).</param>
    /// <param name="learningRate">The learning rate η; time is measured in units of √η.</param>
    /// <param name="momentum">The momentum coefficient in [0, 1).</param>
    /// <param name="relativeTolerance">The ODE solver's relative tolerance.</param>
    /// <param name="absoluteTolerance">The ODE solver's absolute tolerance.</param>
    public static GradientDescentPredictor<T> Momentum<T>(Loss loss, Tensor<T> kTrainTrain, Tensor<T> yTrain,
        double learningRate, double momentum, double relativeTolerance = 1.4e-8, double absoluteTolerance = 1.4e-8)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new(loss, kTrainTrain, yTrain, learningRate, momentum, relativeTolerance, absoluteTolerance);
}
