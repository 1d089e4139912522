using ILGPU.Algorithms;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Numerics;
using NeuralTangents.CompilerServices;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// φ(x) = a·min(x, 0) + b·max(x, 0); Relu is (0, 1), LeakyRelu(α) is (α, 1), Abs is (−1, 1).
/// With θ the angle between the Gaussians, k = (a − b)²/(2π) and D = (a² + b²)/2 − k·θ:
/// T = k·√(q1 q2 − c²) + D·c, Ṫ = D, T_d = (a² + b²)/2·q.
/// </summary>
internal readonly partial struct ABReluActivation : IDualActivation, IActivationFunction
{
    private readonly double _a, _b;

    public ABReluActivation(double a, double b)
    {
        _a = a;
        _b = b;
    }

    /// <summary>The slope for negative inputs.</summary>
    public double A => _a;

    /// <summary>The slope for positive inputs.</summary>
    public double B => _b;

    public double Nngp(double c, double q1, double q2)
    {
        double k = (_a - _b) * (_a - _b) / (2 * Math.PI);
        double d = (_a * _a + _b * _b) / 2 - k * DualMath.Angle(c, q1, q2);
        return k * DualMath.Sine(c, q1, q2) + d * c;
    }

    public double NtkFactor(double c, double q1, double q2)
    {
        double k = (_a - _b) * (_a - _b) / (2 * Math.PI);
        return (_a * _a + _b * _b) / 2 - k * DualMath.Angle(c, q1, q2);
    }

    public double Variance(double q) => (_a * _a + _b * _b) / 2 * q;

    /// <summary>
    /// <see cref="Nngp"/> and Θ·<see cref="NtkFactor"/> in one evaluation, sharing the angle and the square root
    /// (fused kernels); bit-identical to calling both.
    /// </summary>
    public FusedEntry Fused(double c, double ntk, double q1, double q2)
    {
        double k = (_a - _b) * (_a - _b) / (2 * Math.PI);
        // DualMath.Sine and DualMath.Angle, with the square root computed once.
        double sine = DualMath.Sine(c, q1, q2);
        double angle = sine == 0 && c == 0 ? Math.PI / 2 : XMath.Atan2(sine, c);
        double d = (_a * _a + _b * _b) / 2 - k * angle;
        return new FusedEntry(k * sine + d * c, ntk * d);
    }

    public double Apply(double x) => x < 0 ? _a * x : _b * x;

    public double Derivative(double x) => x < 0 ? _a : _b;

    public void Taylor(ReadOnlySpan<double> x, Span<double> y) => TaylorSeries.Affine(x, x[0] < 0 ? _a : _b, 0, y);
}
