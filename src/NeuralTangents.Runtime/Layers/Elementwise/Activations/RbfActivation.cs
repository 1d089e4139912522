using ILGPU.Algorithms;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Numerics;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// φ(x) = √2·sin(√(2γ)·x + π/4), the random-features map whose NNGP is the RBF kernel: with s = q1 + q2,
/// T = e^{γ(2c − s)} = e^{−γ·E[(u − v)²]}, Ṫ = 2γ·e^{γ(2c − s)}, T_d = 1 (nt-math §14; Sin(√2, √(2γ), π/4)
/// with the cos(π/2) term dropped exactly).
/// </summary>
internal readonly partial struct RbfActivation : IDualActivation, IActivationFunction
{
    private readonly double _gamma;

    public RbfActivation(double gamma)
    {
        _gamma = gamma;
    }

    public double Nngp(double c, double q1, double q2) => XMath.Exp(_gamma * (2 * c - q1 - q2));

    public double NtkFactor(double c, double q1, double q2) => 2 * _gamma * XMath.Exp(_gamma * (2 * c - q1 - q2));

    public double Variance(double q) => 1;

    public double Apply(double x) => Math.Sqrt(2) * Math.Sin(Math.Sqrt(2 * _gamma) * x + Math.PI / 4);

    public double Derivative(double x) => 2 * Math.Sqrt(_gamma) * Math.Cos(Math.Sqrt(2 * _gamma) * x + Math.PI / 4);

    public void Taylor(ReadOnlySpan<double> x, Span<double> y)
    {
        Span<double> phase = stackalloc double[x.Length];
        TaylorSeries.Affine(x, Math.Sqrt(2 * _gamma), Math.PI / 4, phase);
        TaylorSeries.Sin(phase, y);
        TaylorSeries.Affine(y, Math.Sqrt(2), 0, y);
    }
}
