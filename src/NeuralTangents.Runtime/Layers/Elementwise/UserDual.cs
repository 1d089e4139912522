using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Numerics;

namespace NeuralTangents.Layers.Elementwise;

/// <summary>
/// A dual supplied by the user as delegates (nt-math §14.1), on the host: T = nngp(c, q1, q2),
/// T_d(q) = nngp(q, q, q), and Ṫ = ntkFactor(c, q1, q2) or, when that is absent, ∂nngp/∂c by finite
/// differences (<see cref="NumericalDerivative.Bounded"/>) with step 2⁻⁸·√(q1 q2) on the domain
/// |c| ≤ √(q1 q2): the sixth-order central formula inside, the one-sided sixth-order formula within three
/// steps of ρ = ±1 (e.g. on the diagonal when x1 is x2). About 1e-11 relative for maps smooth on [−1, 1] in ρ;
/// maps with singular derivatives at ρ = ±1 (arc-cosine kernels) lose accuracy there, so pass their
/// derivative map explicitly.
/// </summary>
internal sealed class UserDual : IDualActivation
{
    private readonly Func<double, double, double, double> _nngp;
    private readonly Func<double, double, double, double>? _ntkFactor;

    public UserDual(Func<double, double, double, double> nngp, Func<double, double, double, double>? ntkFactor)
    {
        _nngp = nngp;
        _ntkFactor = ntkFactor;
    }

    public double Nngp(double c, double q1, double q2) => _nngp(c, q1, q2);

    public double NtkFactor(double c, double q1, double q2)
    {
        if (_ntkFactor is not null) return _ntkFactor(c, q1, q2);
        double norm = Math.Sqrt(Math.Max(q1 * q2, 0));
        Func<double, double> map = x => _nngp(x, q1, q2);
        return norm > 0
            ? NumericalDerivative.Bounded(map, c, -norm, norm, norm)
            : NumericalDerivative.Central(map, c);
    }

    public double Variance(double q) => _nngp(q, q, q);
}
