using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// The derivative maps of sign(x). T = 1 − 2θ/π with ∂θ/∂c = −1/S and ∂θ/∂q1 = c/(2 q1 S), S = √(q1 q2 − c²):
/// ∂T/∂c = 2/(π S) (not Ṫ, which is 0 by convention) and ∂T/∂q1 = −c/(π q1 S), infinite at ρ = ±1; Ṫ and T_d are
/// constant. No parameters.
/// </summary>
internal readonly partial struct SignActivation : IDualDerivatives
{
    public int ParameterCount => 0;

    public string ParameterName(int parameter) => throw DualDerivativeMath.NoParameter("Sign", parameter, 0);

    public DualPartials Partials(double c, double q1, double q2)
    {
        double sine = DualMath.Sine(c, q1, q2);
        return new DualPartials(2 / (Math.PI * sine), -c / (Math.PI * q1 * sine), -c / (Math.PI * q2 * sine), 0, 0, 0);
    }

    public string? Singularity(double c, double q1, double q2) =>
        DualMath.Sine(c, q1, q2) == 0 ? DualDerivativeMath.PerfectCorrelation("T = 1 − 2θ/π", c, q1, q2) : null;

    public DiagonalSlopes Diagonal(double q) => new(0, 0);

    public ParameterPartials ParameterPartials(int parameter, double c, double q1, double q2) =>
        throw DualDerivativeMath.NoParameter("Sign", parameter, 0);

    public ParameterPartials DiagonalParameterPartials(int parameter, double q) =>
        throw DualDerivativeMath.NoParameter("Sign", parameter, 0);
}
