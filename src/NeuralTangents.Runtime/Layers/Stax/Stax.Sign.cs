using NeuralTangents.Layers.Elementwise;
using NeuralTangents.Layers.Elementwise.Activations;

namespace NeuralTangents;

public static partial class Stax
{
    /// <summary>
    /// φ(x) = sign(x). Dual: K' = 1 − 2θ/π = (2/π)·arcsin(c/√(q1 q2)) with θ the angle between the Gaussians;
    /// Θ' = 0 (φ' vanishes almost everywhere, as in Neural Tangents); variances become 1 (0 where they were 0).
    /// </summary>
    public static ILayer Sign() => Made(new ElementwiseLayer<SignActivation>("Sign", default), []);
}
