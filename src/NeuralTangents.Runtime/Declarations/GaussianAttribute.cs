namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: a·e^{b·x²}; the same layer as <see cref="Stax.Gaussian"/>.
/// </summary>
public sealed class GaussianAttribute : LayerAttribute
{
    /// <summary>Declares the layer with the hyperparameters of its <see cref="Stax"/> factory method.</summary>
    /// <param name="a">Output scale.</param>
    /// <param name="b">Coefficient of x² in the exponent.</param>
    public GaussianAttribute(double a = 1, double b = -1)
    {
        A = a;
        B = b;
    }

    /// <summary>Output scale.</summary>
    public double A { get; }

    /// <summary>Coefficient of x² in the exponent.</summary>
    public double B { get; }
}
