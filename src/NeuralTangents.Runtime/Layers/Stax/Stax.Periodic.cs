using NeuralTangents.Rules;
using NeuralTangents.Layers.Elementwise;
using NeuralTangents.Layers.Elementwise.Activations;
using NeuralTangents.Validation;

namespace NeuralTangents;

public static partial class Stax
{
    /// <summary>
    /// φ(x) = a·sin(b·x + c). Dual, from E[cos(bu ± bv)] = e^{−b²(q1 + q2 ± 2c')/2} with c' the input covariance
    /// and s = q1 + q2: K' = (a²/2)·(e^{b²(c' − s/2)} − e^{−b²(c' + s/2)}·cos 2c) and
    /// Θ' = Θ·(a²b²/2)·(e^{b²(c' − s/2)} + e^{−b²(c' + s/2)}·cos 2c).
    /// </summary>
    /// <param name="a">Output scale (finite).</param>
    /// <param name="b">Input scale (finite).</param>
    /// <param name="c">Phase (finite).</param>
    /// <exception cref="NetworkDefinitionException">A hyperparameter is NaN or infinite.</exception>
    public static ILayer Sin(double a = 1, double b = 1, double c = 0)
    {
        string name = LayerNames.WithArguments(nameof(Sin), a, b, c);
        Guard.ThrowIfInvalid(ActivationRules.AllFinite(name, (nameof(a), a), (nameof(b), b), (nameof(c), c)));
        return Made(new ElementwiseLayer<SinActivation>(name, new SinActivation(a, b, c)), [a, b, c]);
    }

    /// <summary>
    /// φ(x) = a·cos(b·x + c), computed as <see cref="Sin"/>(a, b, c + π/2) (kernel and finite function alike),
    /// as in Neural Tangents.
    /// </summary>
    /// <param name="a">Output scale (finite).</param>
    /// <param name="b">Input scale (finite).</param>
    /// <param name="c">Phase (finite).</param>
    /// <exception cref="NetworkDefinitionException">A hyperparameter is NaN or infinite.</exception>
    public static ILayer Cos(double a = 1, double b = 1, double c = 0)
    {
        string name = LayerNames.WithArguments(nameof(Cos), a, b, c);
        Guard.ThrowIfInvalid(ActivationRules.AllFinite(name, (nameof(a), a), (nameof(b), b), (nameof(c), c)));
        return Made(new ElementwiseLayer<SinActivation>(name, new SinActivation(a, b, c + Math.PI / 2)), [a, b, c]);
    }

    /// <summary>
    /// φ(x) = √2·sin(√(2γ)·x + π/4), whose NNGP is the RBF kernel: K' = e^{γ(2c − q1 − q2)} = e^{−γ·E[(u − v)²]},
    /// Θ' = Θ·2γ·e^{γ(2c − q1 − q2)}, and every variance becomes 1. After a Dense layer on inputs x, x' this is
    /// exp(−γ·W_std²·|x − x'|²/d) (plus the bias, which cancels).
    /// </summary>
    /// <param name="gamma">The inverse length scale γ (non-negative, finite).</param>
    /// <exception cref="NetworkDefinitionException"><paramref name="gamma"/> is negative, NaN or infinite.</exception>
    public static ILayer Rbf(double gamma = 1)
    {
        string name = LayerNames.WithArguments(nameof(Rbf), gamma);
        Guard.ThrowIfInvalid(ActivationRules.Rbf(name, gamma));
        return Made(new ElementwiseLayer<RbfActivation>(name, new RbfActivation(gamma)), [gamma]);
    }
}
