using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// The derivative maps of a·sin(b·x + c0) (and Cos, whose c0 is shifted by π/2: the same partials). With β = b²,
/// h = (q1 + q2)/2, S₁ = e^{β(c − h)}, E₂ = e^{−β(c + h)} and S₂ = E₂·cos 2c0: T = (a²/2)(S₁ − S₂),
/// Ṫ = (a²β/2)(S₁ + S₂), so ∂T/∂c = Ṫ, ∂T/∂q_i = (a²β/4)(S₂ − S₁), ∂Ṫ/∂c = (a²β²/2)(S₁ − S₂),
/// ∂Ṫ/∂q_i = −(a²β²/4)(S₁ + S₂). Parameters a, b (through β, times 2b) and c (c0: ∂S₂/∂c0 = −2E₂·sin 2c0).
/// </summary>
internal readonly partial struct SinActivation : IDualDerivatives
{
    public int ParameterCount => 3;

    public string ParameterName(int parameter) => parameter switch
    {
        0 => "a",
        1 => "b",
        2 => "c",
        _ => throw DualDerivativeMath.NoParameter("Sin", parameter, ParameterCount),
    };

    public DualPartials Partials(double c, double q1, double q2)
    {
        double beta = _b * _b, half = (q1 + q2) / 2, a2 = _a * _a;
        double s1 = Math.Exp(beta * (c - half));
        double s2 = Math.Exp(-beta * (c + half)) * Math.Cos(2 * _c0);
        double nngpQ = a2 * beta / 4 * (s2 - s1), factorQ = -a2 * beta * beta / 4 * (s1 + s2);
        return new DualPartials(a2 * beta / 2 * (s1 + s2), nngpQ, nngpQ, a2 * beta * beta / 2 * (s1 - s2), factorQ, factorQ);
    }

    public string? Singularity(double c, double q1, double q2) => null;

    public DiagonalSlopes Diagonal(double q) => DualDerivativeMath.Diagonal(Partials(q, q, q));

    public ParameterPartials ParameterPartials(int parameter, double c, double q1, double q2)
    {
        double beta = _b * _b, half = (q1 + q2) / 2, a2 = _a * _a;
        double s1 = Math.Exp(beta * (c - half));
        double e2 = Math.Exp(-beta * (c + half));
        double s2 = e2 * Math.Cos(2 * _c0);
        switch (parameter)
        {
            case 0:
                return new ParameterPartials(_a * (s1 - s2), _a * beta * (s1 + s2));
            case 1:
                double nngp = a2 / 2 * ((c - half) * s1 + (c + half) * s2);
                double factor = a2 / 2 * (s1 + s2) + a2 * beta / 2 * ((c - half) * s1 - (c + half) * s2);
                return new ParameterPartials(2 * _b * nngp, 2 * _b * factor);
            case 2:
                double sine = e2 * Math.Sin(2 * _c0);
                return new ParameterPartials(a2 * sine, -a2 * beta * sine);
            default:
                throw DualDerivativeMath.NoParameter("Sin", parameter, ParameterCount);
        }
    }

    public ParameterPartials DiagonalParameterPartials(int parameter, double q) => ParameterPartials(parameter, q, q, q);
}
