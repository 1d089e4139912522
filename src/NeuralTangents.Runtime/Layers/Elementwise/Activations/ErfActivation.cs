using ILGPU.Algorithms;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Numerics;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// φ(x) = a·erf(b·x) + c0. With q̂ = b²q, ĉ = b²c and P̂ = (1 + 2q̂1)(1 + 2q̂2):
/// T = a²·(2/π)·arcsin(2ĉ/√P̂) + c0², Ṫ = a²b²·(4/π)/√(P̂ − 4ĉ²), T_d = a²·(2/π)·arctan(q̂/√(q̂ + ¼)) + c0².
/// </summary>
internal readonly partial struct ErfActivation : IDualActivation, IActivationFunction
{
    private readonly double _a, _b, _c0;

    public ErfActivation(double a, double b, double c0)
    {
        _a = a;
        _b = b;
        _c0 = c0;
    }

    public double Nngp(double c, double q1, double q2)
    {
        double b2 = _b * _b;
        double p = (1 + 2 * b2 * q1) * (1 + 2 * b2 * q2);
        double ratio = 2 * b2 * c / XMath.Sqrt(p);
        ratio = ratio > 1 ? 1 : ratio < -1 ? -1 : ratio;
        return _a * _a * (2 / Math.PI) * XMath.Asin(ratio) + _c0 * _c0;
    }

    public double NtkFactor(double c, double q1, double q2)
    {
        double b2 = _b * _b;
        double p = (1 + 2 * b2 * q1) * (1 + 2 * b2 * q2);
        return _a * _a * b2 * (4 / Math.PI) / XMath.Sqrt(p - 4 * b2 * b2 * c * c);
    }

    public double Variance(double q)
    {
        double scaled = _b * _b * q;
        return _a * _a * (2 / Math.PI) * XMath.Atan(scaled / XMath.Sqrt(scaled + 0.25)) + _c0 * _c0;
    }

    public double Apply(double x) => _a * SpecialFunctions.Erf(_b * x) + _c0;

    public double Derivative(double x) => _a * _b * (2 / Math.Sqrt(Math.PI)) * Math.Exp(-_b * _b * x * x);

    public void Taylor(ReadOnlySpan<double> x, Span<double> y)
    {
        Span<double> scaled = stackalloc double[x.Length];
        TaylorSeries.Affine(x, _b, 0, scaled);
        TaylorSeries.Erf(scaled, y);
        TaylorSeries.Affine(y, _a, _c0, y);
    }
}
