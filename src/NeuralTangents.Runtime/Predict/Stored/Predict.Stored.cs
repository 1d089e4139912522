using System.Numerics;

namespace NeuralTangents;

/// <summary>Predictions from kernels kept on disk (<see cref="StoredKernel{T}"/>), read in blocks.</summary>
public static partial class Predict
{
    /// <summary>
    /// The posterior means of <see cref="GpInference{T}(Kernel{T}, Tensor{T}, double, bool)"/> from a stored train-train kernel
    /// (e.g. written by <see cref="KernelStore.Compute{T}"/>); see <see cref="StoredGpInferencePredictor{T}"/> for what is read in
    /// blocks and what loads whole.
    /// </summary>
    /// <param name="kTrainTrain">The stored n × n train-train kernel (both matrices for both posteriors).</param>
    /// <param name="yTrain">Targets, (n) or (n, outputs).</param>
    /// <param name="diagReg">Diagonal regularizer, relative to trace/n unless <paramref name="diagRegAbsoluteScale"/>.</param>
    /// <param name="diagRegAbsoluteScale">Whether <paramref name="diagReg"/> is absolute.</param>
    /// <param name="solver">Cholesky or conjugate gradients, memory budget, tolerance; null means <see cref="StoredSolverOptions.Default"/>.</param>
    public static StoredGpInferencePredictor<T> GpInference<T>(StoredKernel<T> kTrainTrain, Tensor<T> yTrain, double diagReg = 0, bool diagRegAbsoluteScale = false,
        StoredSolverOptions? solver = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new(kTrainTrain, yTrain, diagReg, diagRegAbsoluteScale, solver ?? StoredSolverOptions.Default);

    /// <summary>
    /// Gradient descent on MSE to convergence (<see cref="GradientDescentMsePredictor{T}"/> at t = +∞) from a stored
    /// train-train kernel (usually a stored kernel's <see cref="StoredKernel{T}.Ntk"/>).
    /// </summary>
    /// <param name="kTrainTrain">The stored n × n train-train kernel.</param>
    /// <param name="yTrain">Targets, (n) or (n, outputs).</param>
    /// <param name="diagReg">Diagonal regularizer, relative to trace/n unless <paramref name="diagRegAbsoluteScale"/>.</param>
    /// <param name="diagRegAbsoluteScale">Whether <paramref name="diagReg"/> is absolute.</param>
    /// <param name="solver">Cholesky or conjugate gradients, memory budget, tolerance; null means <see cref="StoredSolverOptions.Default"/>.</param>
    public static StoredGradientDescentMsePredictor<T> GradientDescentMseConverged<T>(NpyFile<T> kTrainTrain, Tensor<T> yTrain, double diagReg = 0,
        bool diagRegAbsoluteScale = false, StoredSolverOptions? solver = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        new(kTrainTrain, yTrain, diagReg, diagRegAbsoluteScale, solver ?? StoredSolverOptions.Default);
}
