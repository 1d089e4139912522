using NeuralTangents.Rules;
using NeuralTangents.Layers.Elementwise;
using NeuralTangents.Layers.Elementwise.Activations;
using NeuralTangents.Validation;

namespace NeuralTangents;

public static partial class Stax
{
    /// <summary>
    /// φ(x) = a·e^{b·x}. Dual (the Gaussian moment generating function): K' = a²·e^{b²((q1 + q2)/2 + c)},
    /// Θ' = Θ·a²b²·e^{b²((q1 + q2)/2 + c)}, variances q' = a²·e^{2b²q}.
    /// </summary>
    /// <param name="a">Output scale (finite).</param>
    /// <param name="b">Input scale (finite).</param>
    /// <exception cref="NetworkDefinitionException">A hyperparameter is NaN or infinite.</exception>
    public static ILayer Exp(double a = 1, double b = 1)
    {
        string name = LayerNames.WithArguments(nameof(Exp), a, b);
        Guard.ThrowIfInvalid(ActivationRules.AllFinite(name, (nameof(a), a), (nameof(b), b)));
        return Made(new ElementwiseLayer<ExpActivation>(name, new ExpActivation(a, b)), [a, b]);
    }

    /// <summary>
    /// The normalized Gaussian kernel of Shankar et al. ("Neural kernels without tangents"), a kernel-only layer
    /// as in Neural Tangents: with r = c/√(q1 q2), K' = √(q1 q2)·e^{γ(r + shift)} and
    /// Θ' = Θ·∂K'/∂c = Θ·γ·e^{γ(r + shift)}. With shift = −1 this is √(q1 q2)·exp(−(γ/2)·|x̂ − x̂'|²) of the
    /// normalized inputs x̂.
    /// </summary>
    /// <param name="gamma">The inverse length scale γ (finite).</param>
    /// <param name="shift">Added to r inside the exponential (finite).</param>
    /// <param name="doClip">Whether r is clipped to [−1, 1] (guards against rounding).</param>
    /// <remarks>
    /// There is no finite function: the finite network's <see cref="ILayer.Apply{T}"/> (and so Monte Carlo
    /// kernels) throws <see cref="NotSupportedException"/> for networks containing this layer.
    /// </remarks>
    /// <exception cref="NetworkDefinitionException">A hyperparameter is NaN or infinite.</exception>
    public static ILayer ExpNormalized(double gamma = 1, double shift = -1, bool doClip = false)
    {
        string name = LayerNames.ExpNormalized(gamma, shift, doClip);
        Guard.ThrowIfInvalid(ActivationRules.AllFinite(name, (nameof(gamma), gamma), (nameof(shift), shift)));
        return Made(new ElementwiseLayer<ExpNormalizedActivation>(name, new ExpNormalizedActivation(gamma, shift, doClip)), [gamma, shift, doClip]);
    }

    /// <summary>
    /// φ(x) = a·e^{b·x²}. Dual, with δ = √((1 − 2b q1)(1 − 2b q2) − 4b²c²): K' = a²/δ, Θ' = Θ·4a²b²c/δ³,
    /// variances q' = a²/√(1 − 4b q). The expectations exist only while 4b·q &lt; 1, so b ≤ 0 (the default
    /// b = −1) is the usual choice; beyond that the kernel is NaN or infinite.
    /// </summary>
    /// <param name="a">Output scale (finite).</param>
    /// <param name="b">Coefficient of x² in the exponent (finite).</param>
    /// <exception cref="NetworkDefinitionException">A hyperparameter is NaN or infinite.</exception>
    public static ILayer Gaussian(double a = 1, double b = -1)
    {
        string name = LayerNames.WithArguments(nameof(Gaussian), a, b);
        Guard.ThrowIfInvalid(ActivationRules.AllFinite(name, (nameof(a), a), (nameof(b), b)));
        return Made(new ElementwiseLayer<GaussianActivation>(name, new GaussianActivation(a, b)), [a, b]);
    }

    /// <summary>
    /// The Gabor function φ(x) = e^{−x²}·sin x. Dual, with P = q1 q2, s = q1 + q2, diff = 4(P − c²),
    /// den = 2s + diff + 1, num = s + diff + 2c, E_l = e^{−num/(2·den)} and E_r = e^{2c/den}:
    /// K' = E_l(E_r − 1)/(2√den) and Θ' = Θ·E_l((sh − dt) + E_r(sh + dt))/(2·den^{5/2}) with
    /// sh = 1 + 2s + 4(c² + P), dt = 4c(diff + 3s + 2).
    /// </summary>
    public static ILayer Gabor() => Made(new ElementwiseLayer<GaborActivation>("Gabor", default), []);
}
