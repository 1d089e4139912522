namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: 1[x ≥ 0]·x^degree; the same layer as <see cref="Stax.RectifiedMonomial"/>.
/// </summary>
public sealed class RectifiedMonomialAttribute : LayerAttribute
{
    /// <summary>Declares the layer with the hyperparameters of its <see cref="Stax"/> factory method.</summary>
    /// <param name="degree">The order, 0 to 10.</param>
    public RectifiedMonomialAttribute(int degree)
    {
        Degree = degree;
    }

    /// <summary>The order, 0 to 10.</summary>
    public int Degree { get; }
}
