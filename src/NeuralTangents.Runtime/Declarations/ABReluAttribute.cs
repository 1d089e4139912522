namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: a·min(x, 0) + b·max(x, 0); the same layer as <see cref="Stax.ABRelu"/>.
/// </summary>
public sealed class ABReluAttribute : LayerAttribute
{
    /// <summary>Declares the layer with the hyperparameters of its <see cref="Stax"/> factory method.</summary>
    /// <param name="a">Slope for negative inputs.</param>
    /// <param name="b">Slope for positive inputs.</param>
    public ABReluAttribute(double a, double b)
    {
        A = a;
        B = b;
    }

    /// <summary>Slope for negative inputs.</summary>
    public double A { get; }

    /// <summary>Slope for positive inputs.</summary>
    public double B { get; }
}
