using ILGPU.Algorithms;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Numerics;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// φ(x) = a·e^{b·x}. From the Gaussian moment generating function, with s = q1 + q2:
/// T = a²·e^{b²(s/2 + c)}, Ṫ = a²b²·e^{b²(s/2 + c)}, T_d = a²·e^{2b²q} (nt-math §14).
/// </summary>
internal readonly partial struct ExpActivation : IDualActivation, IActivationFunction
{
    private readonly double _a, _b;

    public ExpActivation(double a, double b)
    {
        _a = a;
        _b = b;
    }

    public double Nngp(double c, double q1, double q2) => _a * _a * XMath.Exp(_b * _b * ((q1 + q2) / 2 + c));

    public double NtkFactor(double c, double q1, double q2) => _a * _a * _b * _b * XMath.Exp(_b * _b * ((q1 + q2) / 2 + c));

    public double Variance(double q) => _a * _a * XMath.Exp(2 * _b * _b * q);

    public double Apply(double x) => _a * Math.Exp(_b * x);

    public double Derivative(double x) => _a * _b * Math.Exp(_b * x);

    public void Taylor(ReadOnlySpan<double> x, Span<double> y)
    {
        Span<double> scaled = stackalloc double[x.Length];
        TaylorSeries.Affine(x, _b, 0, scaled);
        TaylorSeries.Exp(scaled, y);
        TaylorSeries.Affine(y, _a, 0, y);
    }
}
