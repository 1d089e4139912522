using System.Numerics;
using NeuralTangents.Predicting;

namespace NeuralTangents;

/// <summary>
/// Outputs of a linearized network trained by gradient descent on MSE to convergence (t = ∞), from a train-train
/// kernel kept on disk; created by <see cref="Predict.GradientDescentMseConverged{T}"/>. With A = Θ + λI:
/// f_test(∞) = f_test(0) + Θ_td A⁻¹ (y − f_train(0)), as <see cref="GradientDescentMsePredictor{T}"/> at t = +∞.
/// </summary>
/// <remarks>
/// Finite times need an eigendecomposition of the whole matrix and are not offered from stored kernels. The solve and
/// what loads whole are as for <see cref="StoredGpInferencePredictor{T}"/>.
/// </remarks>
/// <typeparam name="T">The precision of the stored kernels.</typeparam>
public sealed class StoredGradientDescentMsePredictor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly StoredLinearSystem<T> _system;
    private readonly Tensor<T> _yTrain;
    private readonly int _n, _outputs;

    internal StoredGradientDescentMsePredictor(NpyFile<T> kTrainTrain, Tensor<T> yTrain, double diagReg, bool diagRegAbsoluteScale, StoredSolverOptions options)
    {
        ArgumentNullException.ThrowIfNull(kTrainTrain);
        _outputs = PredictArguments.Outputs(yTrain);
        PredictArguments.DiagReg(diagReg);
        _n = yTrain.Dim(0);
        _yTrain = yTrain;
        _system = new StoredLinearSystem<T>(kTrainTrain, _n, diagReg, diagRegAbsoluteScale, options, nameof(kTrainTrain), "The train-train kernel");
    }

    /// <summary>The absolute regularizer λ added to the kernel's diagonal.</summary>
    public double Regularization => _system.Lambda;

    /// <summary>The method of the solve (Cholesky or conjugate gradients).</summary>
    public StoredSolveMethod Method => _system.Method;

    /// <summary>Conjugate-gradient iterations of the last <see cref="Test"/> (0 for Cholesky).</summary>
    public int Iterations => _system.Iterations;

    /// <summary>Test outputs after training to convergence; null initial outputs mean zeros.</summary>
    /// <param name="kTestTrain">The stored m × n test-train kernel.</param>
    /// <param name="fxTrain0">Training-set outputs at t = 0, shaped like the targets.</param>
    /// <param name="fxTest0">Test outputs at t = 0, (m) or (m, outputs).</param>
    /// <exception cref="NotPositiveDefiniteException">Cholesky found Θ + λI not positive definite.</exception>
    /// <exception cref="ArithmeticException">Conjugate gradients found it not positive definite.</exception>
    /// <exception cref="InvalidOperationException">Conjugate gradients did not converge within the iteration limit.</exception>
    public Tensor<T> Test(NpyFile<T> kTestTrain, Tensor<T>? fxTrain0 = null, Tensor<T>? fxTest0 = null)
    {
        ArgumentNullException.ThrowIfNull(kTestTrain);
        bool vector = _yTrain.Rank == 1;
        PredictArguments.Outputs0(fxTrain0, _n, _outputs, vector, nameof(fxTrain0));
        int m = kTestTrain.Rows;
        PredictArguments.Outputs0(fxTest0, m, _outputs, vector, nameof(fxTest0));
        var residual = (T[])_yTrain.Data.Clone();
        if (fxTrain0 is not null) System.Numerics.Tensors.TensorPrimitives.Subtract(residual, fxTrain0.Data, residual);
        var moved = _system.TestTimes(kTestTrain, _system.Solve(residual, _outputs), _outputs, nameof(kTestTrain));
        var result = new T[moved.Length];
        for (int i = 0; i < result.Length; i++) result[i] = T.CreateTruncating(moved[i]) + (fxTest0 is null ? T.Zero : fxTest0.Data[i]);
        return new Tensor<T>(result, vector ? [m] : [m, _outputs]);
    }
}
