namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: x·Φ(x); the same layer as <see cref="Stax.Gelu"/>.
/// </summary>
public sealed class GeluAttribute : LayerAttribute
{
    /// <summary>Declares the layer with the hyperparameters of its <see cref="Stax"/> factory method.</summary>
    /// <param name="approximate">Whether the finite network uses the tanh approximation.</param>
    public GeluAttribute(bool approximate = false)
    {
        Approximate = approximate;
    }

    /// <summary>Whether the finite network uses the tanh approximation.</summary>
    public bool Approximate { get; }
}
