using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// The derivative maps of a·erf(b·x) + c0. With β = b², p_i = 1 + 2β q_i, r = 2βc/√(p1 p2) and
/// E = √(p1 p2 − 4β²c²) = √(p1 p2)·√(1 − r²) (never 0: |r| &lt; 1 strictly), A = a²β·4/π:
/// ∂T/∂c = Ṫ = A/E, ∂T/∂q1 = −a²·(4/π)·β²c/(p1 E), ∂Ṫ/∂c = 4Aβ²c/E³, ∂Ṫ/∂q1 = −Aβ p2/E³.
/// Parameters a, b, c (c0); for b the β-partials ∂T/∂β = a²(4/π)·c·(1 − βq1/p1 − βq2/p2)/E and
/// ∂Ṫ/∂β = a²(4/π)·(1/E − β·(q1 p2 + q2 p1 − 4βc²)/E³) are multiplied by dβ/db = 2b.
/// </summary>
internal readonly partial struct ErfActivation : IDualDerivatives
{
    public int ParameterCount => 3;

    public string ParameterName(int parameter) => parameter switch
    {
        0 => "a",
        1 => "b",
        2 => "c",
        _ => throw DualDerivativeMath.NoParameter("Erf", parameter, ParameterCount),
    };

    public DualPartials Partials(double c, double q1, double q2)
    {
        double beta = _b * _b, p1 = 1 + 2 * beta * q1, p2 = 1 + 2 * beta * q2;
        double e = Math.Sqrt(p1 * p2 - 4 * beta * beta * c * c), e3 = e * e * e;
        double scale = _a * _a * beta * (4 / Math.PI);
        double nngpQ = -_a * _a * (4 / Math.PI) * beta * beta * c / e;
        return new DualPartials(scale / e, nngpQ / p1, nngpQ / p2, 4 * scale * beta * beta * c / e3, -scale * beta * p2 / e3, -scale * beta * p1 / e3);
    }

    public string? Singularity(double c, double q1, double q2) => null;

    public DiagonalSlopes Diagonal(double q) => DualDerivativeMath.Diagonal(Partials(q, q, q));

    public ParameterPartials ParameterPartials(int parameter, double c, double q1, double q2)
    {
        double beta = _b * _b, p1 = 1 + 2 * beta * q1, p2 = 1 + 2 * beta * q2;
        double e = Math.Sqrt(p1 * p2 - 4 * beta * beta * c * c);
        switch (parameter)
        {
            case 0:
                double ratio = Math.Clamp(2 * beta * c / Math.Sqrt(p1 * p2), -1, 1);
                return new ParameterPartials(2 * _a * (2 / Math.PI) * Math.Asin(ratio), 2 * _a * beta * (4 / Math.PI) / e);
            case 1:
                double a2 = _a * _a * (4 / Math.PI);
                double nngp = a2 * c * (1 - beta * q1 / p1 - beta * q2 / p2) / e;
                double factor = a2 * (1 / e - beta * (q1 * p2 + q2 * p1 - 4 * beta * c * c) / (e * e * e));
                return new ParameterPartials(2 * _b * nngp, 2 * _b * factor);
            case 2:
                return new ParameterPartials(2 * _c0, 0);
            default:
                throw DualDerivativeMath.NoParameter("Erf", parameter, ParameterCount);
        }
    }

    public ParameterPartials DiagonalParameterPartials(int parameter, double q) => ParameterPartials(parameter, q, q, q);
}
