namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: a·e^{b·x}; the same layer as <see cref="Stax.Exp"/>.
/// </summary>
public sealed class ExpAttribute : LayerAttribute
{
    /// <summary>Declares the layer with the hyperparameters of its <see cref="Stax"/> factory method.</summary>
    /// <param name="a">Output scale.</param>
    /// <param name="b">Input scale.</param>
    public ExpAttribute(double a = 1, double b = 1)
    {
        A = a;
        B = b;
    }

    /// <summary>Output scale.</summary>
    public double A { get; }

    /// <summary>Input scale.</summary>
    public double B { get; }
}
