using System.Numerics;

namespace NeuralTangents;

/// <summary>A function f(θ, x) that can be trained: its outputs and the gradient of a loss with respect to θ.</summary>
public interface IDifferentiableModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>f(θ, x).</summary>
    Tensor<T> Apply(Parameters<T> parameters, Tensor<T> x);

    /// <summary>L(f(θ, x), y) and ∂L/∂θ as a tree shaped like <paramref name="parameters"/>.</summary>
    (double Loss, Parameters<T> Gradient) LossAndGradient(Parameters<T> parameters, Tensor<T> x, Tensor<T> targets, Loss loss);
}
