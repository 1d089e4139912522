using NeuralTangents.Rules;
using NeuralTangents.Layers.Elementwise;
using NeuralTangents.Layers.Elementwise.Activations;
using NeuralTangents.Validation;

namespace NeuralTangents;

public static partial class Stax
{
    /// <summary>
    /// φ(x) = x^degree (x⁰ = 1). Dual: K' = E[uⁿvⁿ] by Isserlis' theorem, e.g. 2c² + q1q2 for n = 2 and
    /// 6c³ + 9c·q1q2 for n = 3; Θ' = Θ·n²·K'_{n−1}; variances q' = (2n − 1)!!·qⁿ.
    /// </summary>
    /// <param name="degree">The degree n, 0 to 5 (the closed forms Neural Tangents provides).</param>
    /// <exception cref="NetworkDefinitionException"><paramref name="degree"/> is outside 0..5.</exception>
    public static ILayer Monomial(int degree)
    {
        string name = LayerNames.WithDegree(nameof(Monomial), degree);
        Guard.ThrowIfInvalid(ActivationRules.Monomial(name, degree));
        return Made(new ElementwiseLayer<MonomialActivation>(name, new MonomialActivation(degree)), [degree]);
    }

    /// <summary>
    /// The rectified monomial φ(x) = 1[x ≥ 0]·x^degree (degree 1 is Relu). Dual: the arc-cosine kernel of order
    /// n, K' = (q1 q2)^{n/2}/(2π)·J_n(θ) with θ the angle between the Gaussians, J₀ = π − θ,
    /// J₁ = sin θ + (π − θ)cos θ and J_n = (2n − 1)cos θ·J_{n−1} + (n − 1)²sin²θ·J_{n−2};
    /// Θ' = Θ·n²·(q1 q2)^{(n−1)/2}/(2π)·J_{n−1}(θ) (Θ' = 0 for n = 0, as in Neural Tangents);
    /// variances q' = (2n − 1)!!·qⁿ/2. Near θ = π a cancellation-free series replaces the recursion (see the
    /// activation's remarks), keeping about 1e-13 relative accuracy for every supported degree.
    /// </summary>
    /// <param name="degree">The order n, 0 to 10.</param>
    /// <exception cref="NetworkDefinitionException"><paramref name="degree"/> is outside 0..10.</exception>
    public static ILayer RectifiedMonomial(int degree)
    {
        string name = LayerNames.WithDegree(nameof(RectifiedMonomial), degree);
        Guard.ThrowIfInvalid(ActivationRules.RectifiedMonomial(name, degree));
        return Made(new ElementwiseLayer<RectifiedMonomialActivation>(name, new RectifiedMonomialActivation(degree)), [degree]);
    }

    /// <summary>
    /// The polynomial φ(x) = Σ_k coef[k]·x^k (lowest degree first, as numpy's <c>Polynomial</c>). Dual, from the
    /// Hermite expansion: with A_l(q) = Σ_{i ≥ 0} coef[l + 2i]·(l + 2i)!/(2^i·i!·l!)·q^i,
    /// K' = Σ_l l!·A_l(q1)A_l(q2)·c^l and Θ' = Θ·Σ_{l ≥ 1} l·l!·A_l(q1)A_l(q2)·c^{l−1}.
    /// </summary>
    /// <param name="coef">
    /// 1 to 8 finite coefficients (degree at most 7). Unlike Neural Tangents the length is capped: the
    /// coefficients travel to the device kernels inline in a fixed-capacity struct.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="coef"/> is null.</exception>
    /// <exception cref="NetworkDefinitionException">
    /// There are no or more than 8 coefficients, or one is NaN or infinite.
    /// </exception>
    public static ILayer Polynomial(params double[] coef)
    {
        ArgumentNullException.ThrowIfNull(coef);
        string name = LayerNames.Polynomial(coef);
        Guard.ThrowIfInvalid(ActivationRules.Polynomial(name, coef));
        return Made(new ElementwiseLayer<PolynomialActivation>(name, new PolynomialActivation(coef)), [coef]);
    }

    /// <summary>
    /// The normalized probabilists' Hermite polynomial φ(x) = He_n(x)/√(n!). Dual for unit-variance inputs (which
    /// Neural Tangents assumes, and this layer does too): K' = cⁿ, Θ' = Θ·n·c^{n−1} (0 for n = 0),
    /// variances q' = qⁿ. For inputs whose variance is not 1 these maps are not E[φ(u)φ(v)].
    /// </summary>
    /// <param name="degree">The degree n, 0 to 64.</param>
    /// <exception cref="NetworkDefinitionException"><paramref name="degree"/> is outside 0..64.</exception>
    public static ILayer Hermite(int degree)
    {
        string name = LayerNames.WithDegree(nameof(Hermite), degree);
        Guard.ThrowIfInvalid(ActivationRules.Hermite(name, degree));
        return Made(new ElementwiseLayer<HermiteActivation>(name, new HermiteActivation(degree)), [degree]);
    }
}
