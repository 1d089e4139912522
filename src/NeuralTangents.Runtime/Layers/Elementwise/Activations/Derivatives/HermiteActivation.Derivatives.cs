using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// The derivative maps of the normalized Hermite polynomial's dual (Neural Tangents' convention T = cⁿ, Ṫ = n·c^{n−1},
/// T_d = qⁿ): ∂T/∂c = Ṫ, ∂Ṫ/∂c = n(n − 1)·c^{n−2}, and nothing depends on q1 or q2. No scalar parameters.
/// </summary>
internal readonly partial struct HermiteActivation : IDualDerivatives
{
    public int ParameterCount => 0;

    public string ParameterName(int parameter) => throw DualDerivativeMath.NoParameter("Hermite", parameter, 0);

    public DualPartials Partials(double c, double q1, double q2)
    {
        int n = _degree;
        double factorC = n >= 2 ? n * (n - 1) * Power(c, n - 2) : 0;
        return new DualPartials(NtkFactor(c, q1, q2), 0, 0, factorC, 0, 0);
    }

    public string? Singularity(double c, double q1, double q2) => null;

    /// <summary>T_d = qⁿ and Ṫ(q; q, q) = n·q^{n−1}.</summary>
    public DiagonalSlopes Diagonal(double q)
    {
        int n = _degree;
        return new DiagonalSlopes(n >= 1 ? n * Power(q, n - 1) : 0, n >= 2 ? n * (n - 1) * Power(q, n - 2) : 0);
    }

    public ParameterPartials ParameterPartials(int parameter, double c, double q1, double q2) =>
        throw DualDerivativeMath.NoParameter("Hermite", parameter, 0);

    public ParameterPartials DiagonalParameterPartials(int parameter, double q) =>
        throw DualDerivativeMath.NoParameter("Hermite", parameter, 0);
}
