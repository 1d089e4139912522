using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Layers.Elementwise.Activations;

namespace NeuralTangents.Fusion;

/// <summary>
/// The dual maps of <see cref="Duals"/> on four entries at once, for the vectorized host loop of fused chains on
/// the CPU (<see cref="IVectorizedChain{TVariances, TColumns}"/>). The arc-cosine family (Relu, ABRelu, LeakyRelu,
/// Abs) is vectorized, with an atan2 within about two ulps of the scalar one; every other nonlinearity applies its
/// scalar map lane by lane, so it agrees with <see cref="Duals"/> exactly.
/// </summary>
public static class VectorDuals
{
    /// <summary>Rounds every lane to float precision (and back to double): where a float32 computation stores a value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> RoundToSingle(Vector256<double> x) => Vector256.WidenLower(Vector256.Narrow(x, x));

    /// <summary>ABRelu: a·min(x, 0) + b·max(x, 0), vectorized; the other members of its family call it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry ABRelu(double a, double b, Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2)
    {
        // The operations of ABReluActivation.Fused, lane by lane and in the same order.
        double k = (a - b) * (a - b) / (2 * Math.PI);
        double half = (a * a + b * b) / 2;
        var c = nngp;
        var sine = VectorMath.SqrtClamped(q1 * q2 - c * c);
        var degenerate = Vector256.Equals(sine, Vector256<double>.Zero) & Vector256.Equals(c, Vector256<double>.Zero);
        var angle = Vector256.ConditionalSelect(degenerate, Vector256.Create(Math.PI / 2), VectorMath.Atan2NonNegativeY(sine, c));
        var d = Vector256.Create(half) - Vector256.Create(k) * angle;
        return new VectorEntry(Vector256.Create(k) * sine + d * c, ntk * d);
    }

    /// <summary>Relu on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry Relu(Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => ABRelu(0, 1, nngp, ntk, q1, q2);

    /// <summary>LeakyRelu on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry LeakyRelu(double alpha, Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => ABRelu(alpha, 1, nngp, ntk, q1, q2);

    /// <summary>Abs on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry Abs(Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => ABRelu(-1, 1, nngp, ntk, q1, q2);

    /// <summary>Erf on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry Erf(double a, double b, double c, Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => Lanes(new ErfActivation(a, b, c), nngp, ntk, q1, q2);

    /// <summary>SigmoidLike on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry SigmoidLike(Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => Lanes(new ErfActivation(0.5, 1 / 2.4020563531719796, 0.5), nngp, ntk, q1, q2);

    /// <summary>Gelu on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry Gelu(bool approximate, Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => Lanes(new GeluActivation(approximate), nngp, ntk, q1, q2);

    /// <summary>Sin on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry Sin(double a, double b, double c, Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => Lanes(new SinActivation(a, b, c), nngp, ntk, q1, q2);

    /// <summary>Cos on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry Cos(double a, double b, double c, Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => Lanes(new SinActivation(a, b, c + Math.PI / 2), nngp, ntk, q1, q2);

    /// <summary>Rbf on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry Rbf(double gamma, Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => Lanes(new RbfActivation(gamma), nngp, ntk, q1, q2);

    /// <summary>Exp on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry Exp(double a, double b, Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => Lanes(new ExpActivation(a, b), nngp, ntk, q1, q2);

    /// <summary>ExpNormalized on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry ExpNormalized(double gamma, double shift, bool doClip, Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => Lanes(new ExpNormalizedActivation(gamma, shift, doClip), nngp, ntk, q1, q2);

    /// <summary>Gaussian on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry Gaussian(double a, double b, Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => Lanes(new GaussianActivation(a, b), nngp, ntk, q1, q2);

    /// <summary>Gabor on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry Gabor(Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => Lanes(default(GaborActivation), nngp, ntk, q1, q2);

    /// <summary>Sign on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry Sign(Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => Lanes(default(SignActivation), nngp, ntk, q1, q2);

    /// <summary>Monomial on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry Monomial(int degree, Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => Lanes(new MonomialActivation(degree), nngp, ntk, q1, q2);

    /// <summary>RectifiedMonomial on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry RectifiedMonomial(int degree, Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => Lanes(new RectifiedMonomialActivation(degree), nngp, ntk, q1, q2);

    /// <summary>Hermite on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry Hermite(int degree, Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => Lanes(new HermiteActivation(degree), nngp, ntk, q1, q2);

    /// <summary>Polynomial on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry Polynomial(int count, double a0, double a1, double a2, double a3, double a4, double a5, double a6, double a7, Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => Lanes(new PolynomialActivation(count, a0, a1, a2, a3, a4, a5, a6, a7), nngp, ntk, q1, q2);

    /// <summary>A scalar dual applied lane by lane (exactly the scalar results).</summary>
    private static VectorEntry Lanes<TAct>(TAct activation, Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2)
        where TAct : struct, IDualActivation
    {
        Span<double> k = stackalloc double[4], t = stackalloc double[4];
        for (int lane = 0; lane < 4; lane++)
        {
            double c = nngp.GetElement(lane), x = q1.GetElement(lane), y = q2.GetElement(lane);
            k[lane] = activation.Nngp(c, x, y);
            t[lane] = ntk.GetElement(lane) * activation.NtkFactor(c, x, y);
        }
        return new VectorEntry(Vector256.Create<double>(k), Vector256.Create<double>(t));
    }
}
