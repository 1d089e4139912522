namespace NeuralTangents.Rules;

/// <summary>
/// How the covariances of activations with spatial axes are stored per pair of items: only the same-position
/// entries (diagonal-spatial, S values per pair) or every pair of positions (full, S² values per pair).
/// Used both for what a tile holds and for what a layer needs of its input.
/// </summary>
internal enum SpatialForm
{
    /// <summary>No spatial axes: one value per pair of items.</summary>
    None = 0,

    /// <summary>Diagonal-spatial: entry [pair, p] = E[z(p) z'(p)].</summary>
    Diagonal = 1,

    /// <summary>Full pixel-pair: entry [pair, p, p'] = E[z(p) z'(p')].</summary>
    Full = 2,
}
