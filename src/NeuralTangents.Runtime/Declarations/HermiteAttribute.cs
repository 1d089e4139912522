namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: The normalized Hermite polynomial He_n(x)/√(n!); the same layer as <see cref="Stax.Hermite"/>.
/// </summary>
public sealed class HermiteAttribute : LayerAttribute
{
    /// <summary>Declares the layer with the hyperparameters of its <see cref="Stax"/> factory method.</summary>
    /// <param name="degree">The degree, 0 to 64.</param>
    public HermiteAttribute(int degree)
    {
        Degree = degree;
    }

    /// <summary>The degree, 0 to 64.</summary>
    public int Degree { get; }
}
