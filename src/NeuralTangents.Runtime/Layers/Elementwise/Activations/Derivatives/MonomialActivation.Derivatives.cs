using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// The derivative maps of xⁿ. T = M_n(c, P) with P = q1 q2 and ∂M_n/∂c = n²·M_{n−1} (Price's theorem), so
/// ∂T/∂c = Ṫ, ∂T/∂q1 = ∂M_n/∂P·q2, ∂Ṫ/∂c = n²(n − 1)²·M_{n−2}, ∂Ṫ/∂q1 = n²·∂M_{n−1}/∂P·q2, with
/// ∂M/∂P = 0, 0, 1, 9c, 72c² + 18P, 600c³ + 450cP for n = 0 … 5. No scalar parameters (the degree is an integer).
/// </summary>
internal readonly partial struct MonomialActivation : IDualDerivatives
{
    public int ParameterCount => 0;

    public string ParameterName(int parameter) => throw DualDerivativeMath.NoParameter("Monomial", parameter, 0);

    public DualPartials Partials(double c, double q1, double q2)
    {
        int n = _degree;
        double p = q1 * q2;
        double factorC = n >= 2 ? n * n * (n - 1) * (n - 1) * Moment(n - 2, c, p) : 0;
        double factorP = n >= 1 ? n * n * MomentSlope(n - 1, c, p) : 0;
        double nngpP = MomentSlope(n, c, p);
        return new DualPartials(NtkFactor(c, q1, q2), nngpP * q2, nngpP * q1, factorC, factorP * q2, factorP * q1);
    }

    public string? Singularity(double c, double q1, double q2) => null;

    public DiagonalSlopes Diagonal(double q) => DualDerivativeMath.Diagonal(Partials(q, q, q));

    public ParameterPartials ParameterPartials(int parameter, double c, double q1, double q2) =>
        throw DualDerivativeMath.NoParameter("Monomial", parameter, 0);

    public ParameterPartials DiagonalParameterPartials(int parameter, double q) =>
        throw DualDerivativeMath.NoParameter("Monomial", parameter, 0);

    /// <summary>∂M_n/∂P for the Isserlis sums of <see cref="Moment"/>.</summary>
    private static double MomentSlope(int degree, double c, double p) => degree switch
    {
        0 or 1 => 0,
        2 => 1,
        3 => 9 * c,
        4 => 72 * c * c + 18 * p,
        _ => c * (600 * c * c + 450 * p),
    };
}
