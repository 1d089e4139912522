namespace NeuralTangents;

/// <summary>The layout of the covariance a layer's kernel rule needs and produces.</summary>
public enum CovarianceForm
{
    /// <summary>
    /// One value per pair of items (x1ᵢ, x2ⱼ), plus one variance per item: the layout of fully-connected
    /// activations, which have no spatial axes.
    /// </summary>
    ItemPair,

    /// <summary>
    /// Diagonal-spatial: for activations with S positions, the covariance of the same position on both sides,
    /// S values per pair of items (enough for Conv, nonlinearities and Flatten).
    /// </summary>
    DiagonalSpatial,

    /// <summary>Full pixel-pair: every pair of positions, S² values per pair of items (what pooling layers need).</summary>
    FullSpatial,
}
