namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: a·erf(b·x) + c; the same layer as <see cref="Stax.Erf"/>.
/// </summary>
public sealed class ErfAttribute : LayerAttribute
{
    /// <summary>Declares the layer with the hyperparameters of its <see cref="Stax"/> factory method.</summary>
    /// <param name="a">Output scale.</param>
    /// <param name="b">Input scale.</param>
    /// <param name="c">Output shift.</param>
    public ErfAttribute(double a = 1, double b = 1, double c = 0)
    {
        A = a;
        B = b;
        C = c;
    }

    /// <summary>Output scale.</summary>
    public double A { get; }

    /// <summary>Input scale.</summary>
    public double B { get; }

    /// <summary>Output shift.</summary>
    public double C { get; }
}
