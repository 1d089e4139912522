namespace NeuralTangents;

/// <summary>The layout of the covariance a layer's kernel rule needs and produces.</summary>
public enum CovarianceForm
{
    /// <summary>
    /// One value per pair of items (x1ᵢ, x2ⱼ), plus one variance per item: the layout of fully-connected
    /// activations, which have no spatial axes.
    /// </summary>
    ItemPair,
}
