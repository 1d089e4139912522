using NeuralTangents.Layers.Normalization;

namespace NeuralTangents;

/// <summary>Normalization layers.</summary>
public static partial class Stax
{
    /// <summary>
    /// LayerNorm over the channel (last) axis without learned scale or shift: y = (x − mean)/√(var + ε) at every
    /// position. Its kernel needs a Gaussian input (put it after Dense or Conv).
    /// </summary>
    /// <exception cref="NetworkDefinitionException"><paramref name="epsilon"/> is negative or not finite (id NT0004).</exception>
    public static ILayer LayerNorm(double epsilon = 1e-12) => new LayerNorm(epsilon);
}
