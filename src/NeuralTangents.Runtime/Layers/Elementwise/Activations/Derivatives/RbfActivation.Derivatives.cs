using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// The derivative maps of the RBF random-features map. With e = e^{γ(2c − q1 − q2)}: T = e, Ṫ = 2γe, so
/// ∂T/∂c = Ṫ, ∂T/∂q_i = −γe, ∂Ṫ/∂c = 4γ²e, ∂Ṫ/∂q_i = −2γ²e; T_d = 1. Parameter gamma.
/// </summary>
internal readonly partial struct RbfActivation : IDualDerivatives
{
    public int ParameterCount => 1;

    public string ParameterName(int parameter) =>
        parameter == 0 ? "gamma" : throw DualDerivativeMath.NoParameter("Rbf", parameter, ParameterCount);

    public DualPartials Partials(double c, double q1, double q2)
    {
        double e = Math.Exp(_gamma * (2 * c - q1 - q2));
        return new DualPartials(2 * _gamma * e, -_gamma * e, -_gamma * e, 4 * _gamma * _gamma * e, -2 * _gamma * _gamma * e, -2 * _gamma * _gamma * e);
    }

    public string? Singularity(double c, double q1, double q2) => null;

    /// <summary>T_d is the constant 1 and Ṫ(q; q, q) = 2γ: both slopes are zero.</summary>
    public DiagonalSlopes Diagonal(double q) => new(0, 0);

    public ParameterPartials ParameterPartials(int parameter, double c, double q1, double q2)
    {
        if (parameter != 0) throw DualDerivativeMath.NoParameter("Rbf", parameter, ParameterCount);
        double exponent = 2 * c - q1 - q2;
        double e = Math.Exp(_gamma * exponent);
        return new ParameterPartials(exponent * e, 2 * e * (1 + _gamma * exponent));
    }

    public ParameterPartials DiagonalParameterPartials(int parameter, double q) =>
        parameter == 0 ? new ParameterPartials(0, 2) : throw DualDerivativeMath.NoParameter("Rbf", parameter, ParameterCount);
}
