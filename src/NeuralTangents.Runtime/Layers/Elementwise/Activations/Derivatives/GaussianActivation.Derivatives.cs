using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// The derivative maps of a·e^{b·x²}. With G = (1 − 2b q1)(1 − 2b q2) − 4b²c² (= δ²): T = a²G^{−1/2} and
/// Ṫ = 4a²b²c·G^{−3/2}, so ∂T/∂x = −½a²G^{−3/2}·∂G/∂x and ∂Ṫ/∂x = 4a²b²·(∂c/∂x·G^{−3/2} − (3/2)c·G^{−5/2}·∂G/∂x),
/// with ∂G/∂c = −8b²c, ∂G/∂q1 = −2b(1 − 2b q2), ∂G/∂b = −2q1(1 − 2b q2) − 2q2(1 − 2b q1) − 8bc². Parameters a and b.
/// </summary>
internal readonly partial struct GaussianActivation : IDualDerivatives
{
    public int ParameterCount => 2;

    public string ParameterName(int parameter) => parameter switch
    {
        0 => "a",
        1 => "b",
        _ => throw DualDerivativeMath.NoParameter("Gaussian", parameter, ParameterCount),
    };

    public DualPartials Partials(double c, double q1, double q2)
    {
        double g = (1 - 2 * _b * q1) * (1 - 2 * _b * q2) - 4 * _b * _b * c * c;
        double g32 = g * Math.Sqrt(g), g52 = g * g32;
        double a2 = _a * _a, scale = 4 * a2 * _b * _b;
        double gc = -8 * _b * _b * c, gq1 = -2 * _b * (1 - 2 * _b * q2), gq2 = -2 * _b * (1 - 2 * _b * q1);
        return new DualPartials(
            -0.5 * a2 * gc / g32, -0.5 * a2 * gq1 / g32, -0.5 * a2 * gq2 / g32,
            scale * (1 / g32 - 1.5 * c * gc / g52), -scale * 1.5 * c * gq1 / g52, -scale * 1.5 * c * gq2 / g52);
    }

    public string? Singularity(double c, double q1, double q2) => null;

    public DiagonalSlopes Diagonal(double q) => DualDerivativeMath.Diagonal(Partials(q, q, q));

    public ParameterPartials ParameterPartials(int parameter, double c, double q1, double q2)
    {
        double g = (1 - 2 * _b * q1) * (1 - 2 * _b * q2) - 4 * _b * _b * c * c;
        double g12 = Math.Sqrt(g), g32 = g * g12, g52 = g * g32;
        switch (parameter)
        {
            case 0:
                return new ParameterPartials(2 * _a / g12, 8 * _a * _b * _b * c / g32);
            case 1:
                double gb = -2 * q1 * (1 - 2 * _b * q2) - 2 * q2 * (1 - 2 * _b * q1) - 8 * _b * c * c;
                double a2 = _a * _a;
                return new ParameterPartials(-0.5 * a2 * gb / g32, 8 * a2 * _b * c / g32 - 6 * a2 * _b * _b * c * gb / g52);
            default:
                throw DualDerivativeMath.NoParameter("Gaussian", parameter, ParameterCount);
        }
    }

    public ParameterPartials DiagonalParameterPartials(int parameter, double q) => ParameterPartials(parameter, q, q, q);
}
