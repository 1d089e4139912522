namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: x^degree; the same layer as <see cref="Stax.Monomial"/>.
/// </summary>
public sealed class MonomialAttribute : LayerAttribute
{
    /// <summary>Declares the layer with the hyperparameters of its <see cref="Stax"/> factory method.</summary>
    /// <param name="degree">The degree, 0 to 5.</param>
    public MonomialAttribute(int degree)
    {
        Degree = degree;
    }

    /// <summary>The degree, 0 to 5.</summary>
    public int Degree { get; }
}
