using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// The derivative maps of a·e^{b·x}. With β = b² and e = e^{β(s/2 + c)}, s = q1 + q2: T = a²e and Ṫ = a²βe, so
/// ∂T/∂c = Ṫ, ∂T/∂q_i = a²βe/2, ∂Ṫ/∂c = a²β²e, ∂Ṫ/∂q_i = a²β²e/2. Parameters a and b (through β, times 2b).
/// </summary>
internal readonly partial struct ExpActivation : IDualDerivatives
{
    public int ParameterCount => 2;

    public string ParameterName(int parameter) => parameter switch
    {
        0 => "a",
        1 => "b",
        _ => throw DualDerivativeMath.NoParameter("Exp", parameter, ParameterCount),
    };

    public DualPartials Partials(double c, double q1, double q2)
    {
        double beta = _b * _b;
        double nngp = _a * _a * Math.Exp(beta * ((q1 + q2) / 2 + c));
        return new DualPartials(beta * nngp, beta * nngp / 2, beta * nngp / 2, beta * beta * nngp, beta * beta * nngp / 2, beta * beta * nngp / 2);
    }

    public string? Singularity(double c, double q1, double q2) => null;

    public DiagonalSlopes Diagonal(double q) => DualDerivativeMath.Diagonal(Partials(q, q, q));

    public ParameterPartials ParameterPartials(int parameter, double c, double q1, double q2)
    {
        double beta = _b * _b, exponent = (q1 + q2) / 2 + c;
        double e = Math.Exp(beta * exponent);
        return parameter switch
        {
            0 => new ParameterPartials(2 * _a * e, 2 * _a * beta * e),
            1 => new ParameterPartials(2 * _b * _a * _a * exponent * e, 2 * _b * _a * _a * e * (1 + beta * exponent)),
            _ => throw DualDerivativeMath.NoParameter("Exp", parameter, ParameterCount),
        };
    }

    public ParameterPartials DiagonalParameterPartials(int parameter, double q) => ParameterPartials(parameter, q, q, q);
}
