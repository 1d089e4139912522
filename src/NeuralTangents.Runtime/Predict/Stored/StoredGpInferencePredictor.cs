using System.Numerics;
using NeuralTangents.Predicting;

namespace NeuralTangents;

/// <summary>
/// The posterior means of <see cref="GpInferencePredictor{T}"/> from kernels kept on disk, created by
/// <see cref="Predict.GpInference{T}(StoredKernel{T}, Tensor{T}, double, bool, StoredSolverOptions?)"/>: mean
/// K_td (K_dd + λI)⁻¹ y for the NNGP, Θ_td (Θ_dd + λI)⁻¹ y for the NTK and the NTK-GP.
/// </summary>
/// <remarks>
/// The solve is Cholesky on the loaded train-train matrix when it fits <see cref="StoredSolverOptions.MemoryBudgetBytes"/>
/// (then the means equal the in-memory predictor's), otherwise Jacobi-preconditioned conjugate gradients reading the
/// matrix in blocks of rows, once per iteration. The test-train kernel is always read in blocks. What loads whole:
/// the targets, the solution α (n × outputs) and the means (m × outputs); covariances, which need m × m test-test
/// matrices and n × m intermediate products, are not computed from stored kernels.
/// </remarks>
/// <typeparam name="T">The precision of the stored kernels.</typeparam>
public sealed class StoredGpInferencePredictor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Tensor<T> _yTrain;
    private readonly int _outputs;
    private readonly Lazy<(StoredLinearSystem<T> System, double[] Alpha)>[] _solved;

    internal StoredGpInferencePredictor(StoredKernel<T> trainTrain, Tensor<T> yTrain, double diagReg, bool diagRegAbsoluteScale, StoredSolverOptions options)
    {
        ArgumentNullException.ThrowIfNull(trainTrain, "kTrainTrain");
        _outputs = PredictArguments.Outputs(yTrain);
        PredictArguments.DiagReg(diagReg);
        _yTrain = yTrain;
        int n = yTrain.Dim(0);
        if (trainTrain.Nngp is null && trainTrain.Ntk is null)
            throw new ArgumentException($"kTrainTrain ({trainTrain.Folder}) holds neither an NNGP nor an NTK matrix.", nameof(trainTrain));
        foreach (var (file, name) in new[] { (trainTrain.Nngp, "Nngp"), (trainTrain.Ntk, "Ntk") })
            if (file is not null && (file.Shape.Length != 2 || file.Rows != n || file.Columns != n))
                throw new ArgumentException($"kTrainTrain.{name} ({file.FilePath}) must be the {n}×{n} train-train kernel (one row per target row), got shape {Storage.NpyHeader.FormatShape(file.Shape)}.", nameof(trainTrain));
        (StoredLinearSystem<T>, double[]) Solve(NpyFile<T>? file, string name)
        {
            var system = new StoredLinearSystem<T>(Matrix(file, name, "kTrainTrain"), n, diagReg, diagRegAbsoluteScale, options, $"kTrainTrain.{name}",
                $"The {name} train-train kernel");
            return (system, system.Solve(_yTrain.Data, _outputs));
        }
        _solved = [new(() => Solve(trainTrain.Nngp, "Nngp")), new(() => Solve(trainTrain.Ntk, "Ntk"))];
    }

    /// <summary>The absolute regularizer λ added to the NNGP train-train kernel.</summary>
    public double NngpRegularizer => _solved[0].Value.System.Lambda;

    /// <summary>The absolute regularizer λ added to the NTK train-train kernel.</summary>
    public double NtkRegularizer => _solved[1].Value.System.Lambda;

    /// <summary>The method of the NNGP solve (Cholesky or conjugate gradients) and its iterations (0 for Cholesky).</summary>
    public (StoredSolveMethod Method, int Iterations) NngpSolve => (_solved[0].Value.System.Method, _solved[0].Value.System.Iterations);

    /// <summary>The method of the NTK solve and its iterations (0 for Cholesky).</summary>
    public (StoredSolveMethod Method, int Iterations) NtkSolve => (_solved[1].Value.System.Method, _solved[1].Value.System.Iterations);

    /// <summary>The NNGP posterior mean on the test items of <paramref name="testTrain"/> (its nngp.npy, m × n); null predicts the training set (mean y).</summary>
    /// <exception cref="NotPositiveDefiniteException">Cholesky found K_dd + λI not positive definite.</exception>
    /// <exception cref="ArithmeticException">Conjugate gradients found it not positive definite.</exception>
    /// <exception cref="InvalidOperationException">Conjugate gradients did not converge within the iteration limit.</exception>
    public Gaussian<T> Nngp(StoredKernel<T>? testTrain = null) => Mean(0, testTrain?.Nngp, testTrain, "Nngp");

    /// <summary>The NTK posterior mean (infinite ensemble trained to convergence); reads the test-train kernel's ntk.npy.</summary>
    /// <exception cref="NotPositiveDefiniteException">Cholesky found Θ_dd + λI not positive definite.</exception>
    /// <exception cref="ArithmeticException">Conjugate gradients found it not positive definite.</exception>
    /// <exception cref="InvalidOperationException">Conjugate gradients did not converge within the iteration limit.</exception>
    public Gaussian<T> Ntk(StoredKernel<T>? testTrain = null) => Mean(1, testTrain?.Ntk, testTrain, "Ntk");

    /// <summary>The mean of the GP with the NTK as prior, equal to <see cref="Ntk"/>'s.</summary>
    public Gaussian<T> NtkGp(StoredKernel<T>? testTrain = null) => Ntk(testTrain);

    private Gaussian<T> Mean(int which, NpyFile<T>? file, StoredKernel<T>? testTrain, string name)
    {
        var (system, alpha) = _solved[which].Value;
        if (testTrain is null) return new Gaussian<T>(_yTrain.Clone(), null);
        var means = system.TestTimes(Matrix(file, name, nameof(testTrain), testTrain.Folder), alpha, _outputs, $"testTrain.{name}");
        int m = means.Length / _outputs;
        return new Gaussian<T>(new Tensor<T>(means.Select(T.CreateTruncating).ToArray(), _yTrain.Rank == 1 ? [m] : [m, _outputs]), null);
    }

    private static NpyFile<T> Matrix(NpyFile<T>? file, string name, string argument, string? folder = null) =>
        file ?? throw new ArgumentException($"{argument}{(folder is null ? "" : $" ({folder})")} has no {name.ToUpperInvariant()} matrix, which this prediction needs; " +
            $"store it with KernelOutputs.{(name == "Ntk" ? "Ntk" : "Nngp")} or Both.", argument);
}
