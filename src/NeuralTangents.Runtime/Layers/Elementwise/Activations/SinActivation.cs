using ILGPU.Algorithms;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Numerics;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// φ(x) = a·sin(b·x + c0); Cos(a, b, c0) is Sin(a, b, c0 + π/2). From E[cos(bu ± bv)] = e^{−b²(q1 + q2 ± 2c)/2},
/// with s = q1 + q2, S₁ = e^{b²(c − s/2)} and S₂ = e^{−b²(c + s/2)}·cos 2c0:
/// T = (a²/2)(S₁ − S₂), Ṫ = (a²b²/2)(S₁ + S₂), T_d = (a²/2)(1 − e^{−2b²q}·cos 2c0) (nt-math §14).
/// </summary>
internal readonly partial struct SinActivation : IDualActivation, IActivationFunction
{
    private readonly double _a, _b, _c0;

    public SinActivation(double a, double b, double c0)
    {
        _a = a;
        _b = b;
        _c0 = c0;
    }

    public double Nngp(double c, double q1, double q2)
    {
        double b2 = _b * _b, half = (q1 + q2) / 2;
        double s1 = XMath.Exp(b2 * (c - half));
        double s2 = XMath.Exp(-b2 * (c + half)) * XMath.Cos(2 * _c0);
        return _a * _a / 2 * (s1 - s2);
    }

    public double NtkFactor(double c, double q1, double q2)
    {
        double b2 = _b * _b, half = (q1 + q2) / 2;
        double s1 = XMath.Exp(b2 * (c - half));
        double s2 = XMath.Exp(-b2 * (c + half)) * XMath.Cos(2 * _c0);
        return _a * _a * b2 / 2 * (s1 + s2);
    }

    public double Variance(double q) => _a * _a / 2 * (1 - XMath.Exp(-2 * _b * _b * q) * XMath.Cos(2 * _c0));

    public double Apply(double x) => _a * Math.Sin(_b * x + _c0);

    public double Derivative(double x) => _a * _b * Math.Cos(_b * x + _c0);

    public void Taylor(ReadOnlySpan<double> x, Span<double> y)
    {
        Span<double> phase = stackalloc double[x.Length];
        TaylorSeries.Affine(x, _b, _c0, phase);
        TaylorSeries.Sin(phase, y);
        TaylorSeries.Affine(y, _a, 0, y);
    }
}
