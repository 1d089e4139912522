namespace NeuralTangents;

/// <summary>
/// Declares the next layer of a <see cref="NetworkAttribute"/> model class: The normalized Gaussian kernel (kernel only); the same layer as <see cref="Stax.ExpNormalized"/>.
/// </summary>
public sealed class ExpNormalizedAttribute : LayerAttribute
{
    /// <summary>Declares the layer with the hyperparameters of its <see cref="Stax"/> factory method.</summary>
    /// <param name="gamma">Inverse length scale γ.</param>
    /// <param name="shift">Added to the correlation inside the exponential.</param>
    /// <param name="doClip">Whether the correlation is clipped to [−1, 1].</param>
    public ExpNormalizedAttribute(double gamma = 1, double shift = -1, bool doClip = false)
    {
        Gamma = gamma;
        Shift = shift;
        DoClip = doClip;
    }

    /// <summary>Inverse length scale γ.</summary>
    public double Gamma { get; }

    /// <summary>Added to the correlation inside the exponential.</summary>
    public double Shift { get; }

    /// <summary>Whether the correlation is clipped to [−1, 1].</summary>
    public bool DoClip { get; }
}
