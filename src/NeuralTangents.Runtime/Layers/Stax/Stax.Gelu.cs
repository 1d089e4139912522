using NeuralTangents.Layers.Elementwise;
using NeuralTangents.Rules;
using NeuralTangents.Layers.Elementwise.Activations;

namespace NeuralTangents;

public static partial class Stax
{
    /// <summary>
    /// The Gaussian error linear unit φ(x) = x·Φ(x), Φ the standard normal CDF. Dual, with P = q1 q2,
    /// P⁺ = (q1 + 1)(q2 + 1), Δ = √(P⁺ − c²) and α = atan2(c, Δ):
    /// K' = [(c² + P·Δ²)/(P⁺·Δ) + c·α]/(2π) + c/4 and Θ' = Θ·[c/(2πΔ)·(1/Δ² + (1 − P)/P⁺ + 1) + ¼ + α/(2π)].
    /// </summary>
    /// <param name="approximate">
    /// Whether the finite network uses the tanh approximation ½x(1 + tanh(√(2/π)(x + 0.044715x³))). As in
    /// Neural Tangents, the kernel is always the exact GELU's.
    /// </param>
    public static ILayer Gelu(bool approximate = false) =>
        Made(new ElementwiseLayer<GeluActivation>(LayerNames.Gelu(approximate), new GeluActivation(approximate)), [approximate]);
}
