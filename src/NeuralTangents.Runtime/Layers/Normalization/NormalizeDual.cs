using ILGPU.Algorithms;
using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Normalization;

/// <summary>
/// The kernel map of LayerNorm over channels, through the pointwise-dual machinery. Over infinitely many channels the
/// channel mean of a position vanishes and its channel variance is the same-position variance q, so
/// y = (x − mean)/√(var + ε) has K' = K/√((q1 + ε)(q2 + ε)), Θ' = Θ/√((q1 + ε)(q2 + ε)) and q' = q/(q + ε)
/// (Neural Tangents' rule, with ε added to both variances).
/// </summary>
internal readonly partial struct NormalizeDual : IDualActivation
{
    /// <summary>Creates the map for LayerNorm's <paramref name="epsilon"/> (non-negative; the layer checks it).</summary>
    public NormalizeDual(double epsilon) => Epsilon = epsilon;

    /// <summary>ε, added to the variance before the square root.</summary>
    public double Epsilon { get; }

    public double Nngp(double c, double q1, double q2) => c / XMath.Sqrt((q1 + Epsilon) * (q2 + Epsilon));

    public double NtkFactor(double c, double q1, double q2) => 1.0 / XMath.Sqrt((q1 + Epsilon) * (q2 + Epsilon));

    public double Variance(double q) => q / (q + Epsilon);
}
