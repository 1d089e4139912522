using System.Numerics;
using NeuralTangents.Predicting;

namespace NeuralTangents;

/// <summary>The log marginal likelihood of the training targets under the GP prior a kernel defines, and its gradient.</summary>
public static partial class Predict
{
    /// <summary>
    /// The log marginal likelihood (log evidence) of the targets under a zero-mean Gaussian process prior with
    /// covariance <paramref name="kTrainTrain"/> plus the diagonal regularizer, the output columns independent:
    /// log p(Y) = Σ_c [−½ y_cᵀ A⁻¹ y_c − ½ log det A − (n/2) log 2π] with A = K + λI. Pass a kernel's NNGP for the
    /// NNGP posterior of <see cref="GpInferencePredictor{T}.Nngp"/>, its NTK for the NTK-GP of
    /// <see cref="GpInferencePredictor{T}.NtkGp"/>: the formula is the same. The regularizer follows
    /// <c>nt.predict</c>: λ = diagReg·trace(K)/n (relative to the mean diagonal entry, Neural Tangents'
    /// <c>diag_reg_absolute_scale=False</c>) unless <paramref name="diagRegAbsoluteScale"/>, in which case
    /// λ = diagReg, the noise variance of the usual GP regression model. Computed in float64 (a float32 kernel is
    /// widened first) from one Cholesky factorization of A on the host linear-algebra backend: the quadratic term by
    /// two triangular solves, log det A = 2·Σ log L_ii.
    /// </summary>
    /// <param name="kTrainTrain">The n×n train-train kernel (its lower triangle is factored).</param>
    /// <param name="yTrain">Targets, (n) or (n, outputs); the likelihoods of the columns are summed.</param>
    /// <param name="diagReg">Diagonal regularizer, relative to trace/n unless <paramref name="diagRegAbsoluteScale"/>.</param>
    /// <param name="diagRegAbsoluteScale">Whether <paramref name="diagReg"/> is absolute.</param>
    /// <returns>log p(Y), in nats.</returns>
    /// <exception cref="NotPositiveDefiniteException">K + λI is not positive definite.</exception>
    public static double LogMarginalLikelihood<T>(Tensor<T> kTrainTrain, Tensor<T> yTrain, double diagReg = 0, bool diagRegAbsoluteScale = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outputs = MarginalLikelihoodArguments(kTrainTrain, yTrain, diagReg);
        return MarginalLikelihoodSolver.Evaluate(kTrainTrain, yTrain, outputs, null, diagReg, diagRegAbsoluteScale, TrainTrainDescription).Value;
    }

    /// <summary>
    /// The log marginal likelihood of
    /// <see cref="LogMarginalLikelihood{T}(Tensor{T}, Tensor{T}, double, bool)"/> with its gradient with respect to
    /// every hyperparameter θ_k whose kernel derivative ∂K/∂θ_k is given and with respect to diagReg:
    /// ∂ log p/∂θ = ½ Σ_c tr((α_c α_cᵀ − A⁻¹) ∂A/∂θ) with α = A⁻¹Y, where ∂A/∂θ = ∂K/∂θ plus, for a relative
    /// regularizer, diagReg·trace(∂K/∂θ)/n·I (λ follows the kernel's trace). The trace term uses A⁻¹ formed once
    /// from the same Cholesky factor (L⁻ᵀ by a triangular solve of the identity, then A⁻¹ = L⁻ᵀL⁻¹ by SYRK,
    /// about 2n³ flops, symmetric by construction): each hyperparameter then costs one n² dot product with
    /// W = ααᵀ − outputs·A⁻¹, where a solve A⁻¹·∂K per hyperparameter would cost 2n³ each, and a stochastic trace
    /// estimate would not be exact.
    /// </summary>
    /// <param name="kTrainTrain">The n×n train-train kernel (its lower triangle is factored).</param>
    /// <param name="yTrain">Targets, (n) or (n, outputs); the likelihoods of the columns are summed.</param>
    /// <param name="kernelDerivatives">∂K/∂θ_k, one n×n matrix per hyperparameter (both triangles are read, so they should be symmetric as K is); may be empty.</param>
    /// <param name="diagReg">Diagonal regularizer, relative to trace/n unless <paramref name="diagRegAbsoluteScale"/>.</param>
    /// <param name="diagRegAbsoluteScale">Whether <paramref name="diagReg"/> is absolute.</param>
    /// <returns>The value, the gradient in the order of <paramref name="kernelDerivatives"/>, ∂/∂diagReg and λ.</returns>
    /// <exception cref="NotPositiveDefiniteException">K + λI is not positive definite.</exception>
    public static MarginalLikelihood LogMarginalLikelihood<T>(Tensor<T> kTrainTrain, Tensor<T> yTrain, IReadOnlyList<Tensor<T>> kernelDerivatives,
        double diagReg = 0, bool diagRegAbsoluteScale = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outputs = MarginalLikelihoodArguments(kTrainTrain, yTrain, diagReg);
        KernelDerivativeArguments(kernelDerivatives, yTrain.Dim(0));
        return MarginalLikelihoodSolver.Evaluate(kTrainTrain, yTrain, outputs, kernelDerivatives, diagReg, diagRegAbsoluteScale, TrainTrainDescription);
    }

    private const string TrainTrainDescription = "The train-train kernel of the marginal likelihood";

    private static int MarginalLikelihoodArguments<T>(Tensor<T> kTrainTrain, Tensor<T> yTrain, double diagReg)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int outputs = PredictArguments.Outputs(yTrain);
        if (yTrain.Dim(0) == 0)
            throw new ArgumentException($"yTrain must have at least one row (training item), got shape {yTrain.ShapeText}.", nameof(yTrain));
        PredictArguments.SquareKernel(kTrainTrain, yTrain.Dim(0), nameof(kTrainTrain));
        PredictArguments.DiagReg(diagReg);
        return outputs;
    }

    private static void KernelDerivativeArguments<T>(IReadOnlyList<Tensor<T>> kernelDerivatives, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(kernelDerivatives);
        for (int i = 0; i < kernelDerivatives.Count; i++)
        {
            var derivative = kernelDerivatives[i]
                ?? throw new ArgumentException($"kernelDerivatives[{i}] is null; every entry must be an {n}×{n} matrix ∂K/∂θ.", nameof(kernelDerivatives));
            if (derivative.Rank != 2 || derivative.Dim(0) != n || derivative.Dim(1) != n)
                throw new ArgumentException(
                    $"kernelDerivatives[{i}] must be an {n}×{n} matrix like kTrainTrain (one row per target row), got shape {derivative.ShapeText}.",
                    nameof(kernelDerivatives));
            if (!derivative.Data.All(T.IsFinite))
                throw new ArgumentException($"kernelDerivatives[{i}] must contain only finite values.", nameof(kernelDerivatives));
        }
    }
}
