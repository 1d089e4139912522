namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: √2·sin(√(2γ)·x + π/4), whose NNGP is the RBF kernel; the same layer as <see cref="Stax.Rbf"/>.
/// </summary>
public sealed class RbfAttribute : LayerAttribute
{
    /// <summary>Declares the layer with the hyperparameters of its <see cref="Stax"/> factory method.</summary>
    /// <param name="gamma">Inverse length scale γ.</param>
    public RbfAttribute(double gamma = 1)
    {
        Gamma = gamma;
    }

    /// <summary>Inverse length scale γ.</summary>
    public double Gamma { get; }
}
