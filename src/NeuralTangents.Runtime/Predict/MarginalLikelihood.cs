namespace NeuralTangents;

/// <summary>
/// The log marginal likelihood of training targets under a Gaussian process prior and its gradient, from
/// <see cref="Predict.LogMarginalLikelihood{T}(Tensor{T}, Tensor{T}, IReadOnlyList{Tensor{T}}, double, bool)"/>.
/// </summary>
/// <param name="Value">log p(Y) = Σ_c [−½ y_cᵀ A⁻¹ y_c − ½ log det A − (n/2) log 2π] with A = K + λI, summed over the output columns c.</param>
/// <param name="Gradient">∂ log p(Y)/∂θ_k for each kernel derivative ∂K/∂θ_k given, in the same order (empty when none were given).</param>
/// <param name="DiagRegGradient">∂ log p(Y)/∂diagReg, with diagReg on the scale it was given (relative to trace(K)/n unless absolute).</param>
/// <param name="Regularizer">The absolute regularizer λ that was added to the diagonal.</param>
public sealed record MarginalLikelihood(double Value, IReadOnlyList<double> Gradient, double DiagRegGradient, double Regularizer);
