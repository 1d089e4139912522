using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// φ(x) = sign(x). With θ the angle between the Gaussians: T = 1 − 2θ/π = (2/π)·arcsin ρ; Ṫ = 0 (the NTK
/// is set to zero, as in Neural Tangents: φ' vanishes almost everywhere); T_d(q) = 1 for q ≠ 0, 0 for q = 0
/// (nt-math §14).
/// </summary>
internal readonly partial struct SignActivation : IDualActivation, IActivationFunction
{
    public double Nngp(double c, double q1, double q2) => 1 - 2 * DualMath.Angle(c, q1, q2) / Math.PI;

    public double NtkFactor(double c, double q1, double q2) => 0;

    public double Variance(double q) => q != 0 ? 1 : 0;

    public double Apply(double x) => x > 0 ? 1 : x < 0 ? -1 : 0;

    public double Derivative(double x) => 0;

    /// <summary>Piecewise constant: the value at x[0], every higher coefficient zero (the derivative the kernel assumes).</summary>
    public void Taylor(ReadOnlySpan<double> x, Span<double> y)
    {
        y.Clear();
        y[0] = Apply(x[0]);
    }
}
