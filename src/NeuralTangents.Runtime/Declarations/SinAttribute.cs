namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: a·sin(b·x + c); the same layer as <see cref="Stax.Sin"/>.
/// </summary>
public sealed class SinAttribute : LayerAttribute
{
    /// <summary>Declares the layer with the hyperparameters of its <see cref="Stax"/> factory method.</summary>
    /// <param name="a">Output scale.</param>
    /// <param name="b">Input scale.</param>
    /// <param name="c">Phase.</param>
    public SinAttribute(double a = 1, double b = 1, double c = 0)
    {
        A = a;
        B = b;
        C = c;
    }

    /// <summary>Output scale.</summary>
    public double A { get; }

    /// <summary>Input scale.</summary>
    public double B { get; }

    /// <summary>Phase.</summary>
    public double C { get; }
}
