using ILGPU.Algorithms;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Numerics;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// φ(x) = a·e^{b·x²}. With δ = √((1 − 2b q1)(1 − 2b q2) − 4b²c²): T = a²/δ, Ṫ = 4a²b²c/δ³,
/// T_d = a²/√(1 − 4b q) (nt-math §14). The expectations exist only while 4b·q &lt; 1 (always for b ≤ 0);
/// beyond that the maps return NaN or infinity.
/// </summary>
internal readonly partial struct GaussianActivation : IDualActivation, IActivationFunction
{
    private readonly double _a, _b;

    public GaussianActivation(double a, double b)
    {
        _a = a;
        _b = b;
    }

    public double Nngp(double c, double q1, double q2) => _a * _a / Delta(c, q1, q2);

    public double NtkFactor(double c, double q1, double q2)
    {
        double delta = Delta(c, q1, q2);
        return _a * _a * 4 * _b * _b * c / (delta * delta * delta);
    }

    public double Variance(double q) => _a * _a / XMath.Sqrt(1 - 4 * _b * q);

    public double Apply(double x) => _a * Math.Exp(_b * x * x);

    public double Derivative(double x) => 2 * _a * _b * x * Math.Exp(_b * x * x);

    private double Delta(double c, double q1, double q2) =>
        XMath.Sqrt((1 - 2 * _b * q1) * (1 - 2 * _b * q2) - 4 * _b * _b * c * c);

    public void Taylor(ReadOnlySpan<double> x, Span<double> y)
    {
        Span<double> square = stackalloc double[x.Length];
        TaylorSeries.Multiply(x, x, square);
        TaylorSeries.Affine(square, _b, 0, square);
        TaylorSeries.Exp(square, y);
        TaylorSeries.Affine(y, _a, 0, y);
    }
}
