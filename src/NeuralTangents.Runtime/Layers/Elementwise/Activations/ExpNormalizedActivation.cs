using ILGPU.Algorithms;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Numerics;

namespace NeuralTangents.Layers.Elementwise.Activations;

/// <summary>
/// The normalized Gaussian kernel of Shankar et al. (kernel only: it has no finite function). With
/// r = c/√(q1 q2) (√ floored at 1e-30; r clipped to [−1, 1] when <c>doClip</c>):
/// T = √(q1 q2)·e^{γ(r + shift)}, Ṫ = ∂T/∂c = γ·e^{γ(r + shift)}, T_d(q) = T(q; q, q) (nt-math §14).
/// </summary>
internal readonly partial struct ExpNormalizedActivation : IDualActivation, IActivationFunction
{
    private const double SqrtFloor = 1e-30;
    private readonly double _gamma, _shift;
    private readonly int _clip;

    public ExpNormalizedActivation(double gamma, double shift, bool doClip)
    {
        _gamma = gamma;
        _shift = shift;
        _clip = doClip ? 1 : 0;
    }

    public double Nngp(double c, double q1, double q2)
    {
        double norm = Norm(q1, q2);
        return norm * XMath.Exp(_gamma * (Ratio(c, norm) + _shift));
    }

    public double NtkFactor(double c, double q1, double q2) => _gamma * XMath.Exp(_gamma * (Ratio(c, Norm(q1, q2)) + _shift));

    public double Variance(double q) => Nngp(q, q, q);

    /// <summary>ExpNormalized has no finite-network function, as in Neural Tangents.</summary>
    public double Apply(double x) => throw NoFiniteFunction();

    /// <summary>ExpNormalized has no finite-network function, as in Neural Tangents.</summary>
    public double Derivative(double x) => throw NoFiniteFunction();

    private static double Norm(double q1, double q2)
    {
        double norm = DualMath.SqrtClamped(q1 * q2);
        return norm > SqrtFloor ? norm : SqrtFloor;
    }

    private double Ratio(double c, double norm)
    {
        double r = c / norm;
        if (_clip != 0) r = r > 1 ? 1 : r < -1 ? -1 : r;
        return r;
    }

    private static NotSupportedException NoFiniteFunction() =>
        new("ExpNormalized is a kernel-only layer (as in Neural Tangents): it defines the infinite-width kernel directly and has no finite-network function, so Apply, Monte Carlo and empirical kernels are not available for networks that contain it.");

    /// <summary>ExpNormalized has no finite-network function, as in Neural Tangents.</summary>
    public void Taylor(ReadOnlySpan<double> x, Span<double> y) => throw NoFiniteFunction();
}
