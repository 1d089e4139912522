using ILGPU.Algorithms;
using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Normalization;

/// <summary>
/// The kernel map of LayerNorm over channels: every covariance entry divided by the square roots of its two
/// same-position variances (K' = K/√(q1·q2), Θ' = Θ/√(q1·q2), q' = 1), through the pointwise-dual machinery.
/// </summary>
internal readonly struct NormalizeDual : IDualActivation
{
    public double Nngp(double c, double q1, double q2) => c / XMath.Sqrt(q1 * q2);

    public double NtkFactor(double c, double q1, double q2) => 1.0 / XMath.Sqrt(q1 * q2);

    public double Variance(double q) => 1.0;
}
