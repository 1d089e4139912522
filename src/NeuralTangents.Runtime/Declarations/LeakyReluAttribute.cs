namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: max(x, α·x); the same layer as <see cref="Stax.LeakyRelu"/>.
/// </summary>
public sealed class LeakyReluAttribute : LayerAttribute
{
    /// <summary>Declares the layer with the hyperparameters of its <see cref="Stax"/> factory method.</summary>
    /// <param name="alpha">Slope for negative inputs.</param>
    public LeakyReluAttribute(double alpha)
    {
        Alpha = alpha;
    }

    /// <summary>Slope for negative inputs.</summary>
    public double Alpha { get; }
}
