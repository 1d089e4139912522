using System.Globalization;
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
internal sealed class UserDual : IHostDual
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

    public string DescribeNonFinite(DualMap map, double c, double q1, double q2, double value)
    {
        string label = map switch
        {
            DualMap.NtkFactor when _ntkFactor is not null => "the ntkFactor map passed to Stax.Elementwise",
            DualMap.NtkFactor => "the finite-difference derivative in c of the nngp map passed to Stax.Elementwise",
            DualMap.Variance => "the nngp map passed to Stax.Elementwise, at (q, q, q) for the variance T_d(q),",
            _ => "the nngp map passed to Stax.Elementwise",
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"{label} returned {value} at c = {c:G6}, q1 = {q1:G6}, q2 = {q2:G6}; it must be finite for every q1, q2 ≥ 0 and |c| ≤ √(q1·q2).");
    }
}
