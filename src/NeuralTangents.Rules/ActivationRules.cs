using System.Globalization;

namespace NeuralTangents.Rules;

/// <summary>
/// Hyperparameter domains of the closed-form nonlinearities, written once for the runtime's <c>Stax</c> factory
/// and the compile-time declaration checks. Each method returns the first violation, or null.
/// </summary>
internal static class ActivationRules
{
    /// <summary>Highest degree of <c>Monomial</c> (the closed forms Neural Tangents provides).</summary>
    public const int MonomialMaxDegree = 5;

    /// <summary>Highest order of <c>RectifiedMonomial</c>.</summary>
    public const int RectifiedMonomialMaxDegree = 10;

    /// <summary>Highest degree of <c>Hermite</c>.</summary>
    public const int HermiteMaxDegree = 64;

    /// <summary>Coefficient capacity of <c>Polynomial</c> (the inline device-side layout).</summary>
    public const int PolynomialMaxCoefficients = 8;

    /// <summary>Highest Gauss–Hermite degree of <c>ElementwiseNumerical</c>.</summary>
    public const int QuadratureMaxDegree = 1000;

    /// <summary>Every named hyperparameter must be finite.</summary>
    public static RuleResult? AllFinite(string layer, params (string Name, double Value)[] hyperparameters)
    {
        foreach (var (name, value) in hyperparameters)
            if (LayerRules.Finite(layer, name, value) is { } violation) return violation;
        return null;
    }

    /// <summary>Rbf: γ ≥ 0 and finite.</summary>
    public static RuleResult? Rbf(string layer, double gamma) => LayerRules.NonNegativeFinite(layer, "gamma", gamma);

    /// <summary>Monomial: degree in 0..<see cref="MonomialMaxDegree"/>.</summary>
    public static RuleResult? Monomial(string layer, int degree) => LayerRules.InRange(layer, "degree", degree, 0, MonomialMaxDegree);

    /// <summary>RectifiedMonomial: order in 0..<see cref="RectifiedMonomialMaxDegree"/>.</summary>
    public static RuleResult? RectifiedMonomial(string layer, int degree) =>
        LayerRules.InRange(layer, "degree", degree, 0, RectifiedMonomialMaxDegree);

    /// <summary>Hermite: degree in 0..<see cref="HermiteMaxDegree"/>.</summary>
    public static RuleResult? Hermite(string layer, int degree) => LayerRules.InRange(layer, "degree", degree, 0, HermiteMaxDegree);

    /// <summary>ElementwiseNumerical: quadrature degree in 1..<see cref="QuadratureMaxDegree"/>.</summary>
    public static RuleResult? Quadrature(string layer, int degree) => LayerRules.InRange(layer, "degree", degree, 1, QuadratureMaxDegree);

    /// <summary>Polynomial: 1 to <see cref="PolynomialMaxCoefficients"/> finite coefficients.</summary>
    public static RuleResult? Polynomial(string layer, double[] coef)
    {
        if (coef.Length < 1 || coef.Length > PolynomialMaxCoefficients)
            return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "coef",
                $"{layer}: coef must hold 1 to {PolynomialMaxCoefficients} coefficients (degree at most {PolynomialMaxCoefficients - 1}, the capacity of the device-side layout), got {coef.Length}.");
        for (int k = 0; k < coef.Length; k++)
            if (double.IsNaN(coef[k]) || double.IsInfinity(coef[k]))
                return RuleResult.Invalid(RuleIds.InvalidHyperparameter, "coef",
                    layer + ": coef must be finite, but coef[" + k.ToString(CultureInfo.InvariantCulture) + "] is " + coef[k].ToString(CultureInfo.InvariantCulture) + ".");
        return null;
    }
}
