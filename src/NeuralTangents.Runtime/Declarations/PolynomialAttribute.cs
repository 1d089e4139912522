namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: Σ_k coef[k]·x^k; the same layer as <see cref="Stax.Polynomial"/>.
/// </summary>
public sealed class PolynomialAttribute : LayerAttribute
{
    /// <summary>Declares the layer with the hyperparameters of its <see cref="Stax"/> factory method.</summary>
    /// <param name="coef">1 to 8 coefficients, lowest degree first.</param>
    public PolynomialAttribute(params double[] coef)
    {
        Coef = coef;
    }

    /// <summary>1 to 8 coefficients, lowest degree first.</summary>
    public double[] Coef { get; }
}
