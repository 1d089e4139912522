using System.Numerics;
using System.Numerics.Tensors;
using NeuralTangents.LinearAlgebra;

namespace NeuralTangents.Predicting;

/// <summary>
/// The log marginal likelihood and its gradient in float64 from one Cholesky factorization of A = K + λI. Inputs
/// are validated by the caller (<see cref="Predict"/> or the hyperparameter fit); kernels of either precision are
/// widened to double first, so a float32 kernel gives exactly what its double-converted copy gives.
/// </summary>
internal static class MarginalLikelihoodSolver
{
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    /// <summary>
    /// log p(Y) and, when <paramref name="derivatives"/> is given, its gradient with respect to each θ_k and to diagReg.
    /// </summary>
    /// <param name="kernel">The n×n kernel (lower triangle factored; both triangles enter the gradient).</param>
    /// <param name="y">Targets, n × <paramref name="outputs"/> row-major.</param>
    /// <param name="outputs">The number of output columns.</param>
    /// <param name="derivatives">∂K/∂θ_k, each n×n, or null for the value alone.</param>
    /// <param name="diagReg">The regularizer as given.</param>
    /// <param name="absoluteScale">Whether λ = diagReg (else λ = diagReg·trace(K)/n).</param>
    /// <param name="description">Names the kernel in a <see cref="NotPositiveDefiniteException"/>.</param>
    public static MarginalLikelihood Evaluate<T>(Tensor<T> kernel, Tensor<T> y, int outputs, IReadOnlyList<Tensor<T>>? derivatives,
        double diagReg, bool absoluteScale, string description)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = kernel.Dim(0);
        // Factor copies the matrix, so a float64 kernel is read in place and only a float32 one is widened.
        double[] k = kernel.Data is double[] doubles ? doubles : Widen(kernel.Data);
        double meanDiagonal = Trace(k, n) / n;
        double lambda = absoluteScale ? diagReg : diagReg * meanDiagonal;
        var factor = CholeskyFactor<double>.Factor(k, n, lambda, description);

        var targets = Widen(y.Data);
        var alpha = (double[])targets.Clone();
        factor.Solve(alpha, outputs);
        double dataFit = TensorPrimitives.Dot<double>(targets, alpha);
        double value = -0.5 * dataFit - 0.5 * outputs * factor.LogDeterminant() - 0.5 * n * outputs * LogTwoPi;
        if (derivatives is null) return new MarginalLikelihood(value, Array.Empty<double>(), 0, lambda);

        // ∂ log p/∂θ = ½ Σ_c tr((α_c α_cᵀ − A⁻¹) ∂A/∂θ) = ½ Σ_ij W_ij (∂A/∂θ)_ij with W = ααᵀ − outputs·A⁻¹ (W and
        // ∂A symmetric). A⁻¹ is formed once, so every hyperparameter costs one n² dot product after the O(n³) start.
        var w = factor.Inverse();
        Blas.Backend.SyrkLower(false, n, outputs, 1.0, alpha, outputs, -outputs, w, n);
        HostMatrix.MirrorLower<double>(w, n);
        double traceW = Trace(w, n);

        // ∂A/∂θ = ∂K/∂θ + (∂λ/∂θ)·I: a relative regularizer λ = diagReg·trace(K)/n moves with the kernel's trace.
        var gradient = new double[derivatives.Count];
        for (int i = 0; i < gradient.Length; i++)
        {
            var d = derivatives[i].Data;
            double lambdaRate = absoluteScale ? 0 : diagReg * Trace(d, n) / n;
            gradient[i] = 0.5 * (Dot(w, d, n) + traceW * lambdaRate);
        }
        double diagRegGradient = 0.5 * traceW * (absoluteScale ? 1 : meanDiagonal);
        return new MarginalLikelihood(value, gradient, diagRegGradient, lambda);
    }

    private static double[] Widen<T>(T[] data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (data is double[] doubles) return (double[])doubles.Clone();
        var result = new double[data.Length];
        for (int i = 0; i < data.Length; i++) result[i] = double.CreateTruncating(data[i]);
        return result;
    }

    private static double Trace<T>(T[] matrix, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double trace = 0;
        for (int i = 0; i < n; i++) trace += double.CreateTruncating(matrix[i * n + i]);
        return trace;
    }

    // Σ_ij w_ij d_ij row by row, each row widened to double first, so that a float32 and a float64 copy of the same
    // values sum in the same order and give the same result.
    private static double Dot<T>(double[] w, T[] d, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var row = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) row[j] = double.CreateTruncating(d[i * n + j]);
            sum += TensorPrimitives.Dot<double>(w.AsSpan(i * n, n), row);
        }
        return sum;
    }
}
