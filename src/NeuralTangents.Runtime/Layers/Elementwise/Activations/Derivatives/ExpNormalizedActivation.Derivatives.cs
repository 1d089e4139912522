using NeuralTangents.Engine.DeviceKernels;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// The derivative maps of the normalized Gaussian kernel. With n = √(q1 q2), r = c/n and e = e^{γ(r + shift)}:
/// T = n·e and Ṫ = γe, with ∂n/∂q1 = n/(2q1), ∂r/∂c = 1/n and ∂r/∂q1 = −r/(2q1). Where r is clipped (|r| &gt; 1 with
/// doClip) it no longer moves, so ∂T/∂c = 0 (though Ṫ = γe by convention) and Ṫ is constant; where n is at its
/// floor (1e-30) n is constant too. At |r| = 1 exactly the unclipped side is taken. Parameters gamma and shift.
/// </summary>
internal readonly partial struct ExpNormalizedActivation : IDualDerivatives
{
    public int ParameterCount => 2;

    public string ParameterName(int parameter) => parameter switch
    {
        0 => "gamma",
        1 => "shift",
        _ => throw DualDerivativeMath.NoParameter("ExpNormalized", parameter, ParameterCount),
    };

    public DualPartials Partials(double c, double q1, double q2)
    {
        double raw = DualMath.SqrtClamped(q1 * q2);
        bool floored = !(raw > SqrtFloor);
        double norm = floored ? SqrtFloor : raw;
        double r = c / norm;
        bool clipped = _clip != 0 && Math.Abs(r) > 1;
        double e = Math.Exp(_gamma * (Ratio(c, norm) + _shift));
        double rc = clipped ? 0 : 1 / norm;
        double rq1 = clipped || floored ? 0 : -r / (2 * q1), rq2 = clipped || floored ? 0 : -r / (2 * q2);
        double nq1 = floored ? 0 : norm / (2 * q1), nq2 = floored ? 0 : norm / (2 * q2);
        double g2 = _gamma * _gamma;
        return new DualPartials(
            norm * _gamma * e * rc, nq1 * e + norm * _gamma * e * rq1, nq2 * e + norm * _gamma * e * rq2,
            g2 * e * rc, g2 * e * rq1, g2 * e * rq2);
    }

    public string? Singularity(double c, double q1, double q2) => null;

    public DiagonalSlopes Diagonal(double q) => DualDerivativeMath.Diagonal(Partials(q, q, q));

    public ParameterPartials ParameterPartials(int parameter, double c, double q1, double q2)
    {
        double norm = Norm(q1, q2);
        double r = Ratio(c, norm);
        double e = Math.Exp(_gamma * (r + _shift));
        return parameter switch
        {
            0 => new ParameterPartials(norm * (r + _shift) * e, e * (1 + _gamma * (r + _shift))),
            1 => new ParameterPartials(norm * _gamma * e, _gamma * _gamma * e),
            _ => throw DualDerivativeMath.NoParameter("ExpNormalized", parameter, ParameterCount),
        };
    }

    public ParameterPartials DiagonalParameterPartials(int parameter, double q) => ParameterPartials(parameter, q, q, q);
}
