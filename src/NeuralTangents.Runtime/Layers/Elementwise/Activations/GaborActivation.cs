using ILGPU.Algorithms;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Numerics;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// φ(x) = e^{−x²}·sin x. With P = q1 q2, s = q1 + q2, diff = 4(P − c²), den = 2s + diff + 1,
/// num = s + diff + 2c, E_l = e^{−num/(2·den)}, E_r = e^{2c/den}:
/// T = E_l(E_r − 1)/(2√den); with sh = 1 + 2s + 4(c² + P) and dt = 4c(diff + 3s + 2):
/// Ṫ = E_l((sh − dt) + E_r(sh + dt))/(2·den^{5/2}); T_d = (1 − e^{−2q/(1 + 4q)})/(2√(1 + 4q)) (nt-math §14).
/// </summary>
internal readonly partial struct GaborActivation : IDualActivation, IActivationFunction
{
    public double Nngp(double c, double q1, double q2)
    {
        double p = q1 * q2, s = q1 + q2;
        double diff = 4 * (p - c * c);
        double den = 2 * s + diff + 1;
        double num = s + diff + 2 * c;
        double left = XMath.Exp(-num / (2 * den));
        double right = XMath.Exp(2 * c / den);
        return left * (right - 1) / (2 * XMath.Sqrt(den));
    }

    public double NtkFactor(double c, double q1, double q2)
    {
        double p = q1 * q2, s = q1 + q2;
        double diff = 4 * (p - c * c);
        double den = 2 * s + diff + 1;
        double num = s + diff + 2 * c;
        double left = XMath.Exp(-num / (2 * den));
        double right = XMath.Exp(2 * c / den);
        double sh = 1 + 2 * s + 4 * (c * c + p);
        double dt = 4 * c * (diff + 3 * s + 2);
        return left * ((sh - dt) + right * (sh + dt)) / (2 * den * den * XMath.Sqrt(den));
    }

    public double Variance(double q)
    {
        double den = 1 + 4 * q;
        return (1 - XMath.Exp(-2 * q / den)) / (2 * XMath.Sqrt(den));
    }

    public double Apply(double x) => Math.Exp(-x * x) * Math.Sin(x);

    public double Derivative(double x) => Math.Exp(-x * x) * (Math.Cos(x) - 2 * x * Math.Sin(x));

    public void Taylor(ReadOnlySpan<double> x, Span<double> y)
    {
        int length = x.Length;
        Span<double> envelope = stackalloc double[length];
        Span<double> exponent = stackalloc double[length];
        Span<double> sin = stackalloc double[length];
        TaylorSeries.Multiply(x, x, exponent);
        TaylorSeries.Affine(exponent, -1, 0, exponent);
        TaylorSeries.Exp(exponent, envelope);
        TaylorSeries.Sin(x, sin);
        TaylorSeries.Multiply(envelope, sin, y);
    }
}
