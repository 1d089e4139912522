using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Layers.Elementwise.Activations;

namespace NeuralTangents.CompilerServices;

/// <summary>
/// The dual maps of <see cref="Duals"/> on a vector of entries at once (four lanes, or eight with AVX-512), for the
/// vectorized host loop of fused chains on the CPU (<see cref="IVectorizedChain{TVariances}"/>). The arc-cosine family
/// (Relu, ABRelu, LeakyRelu, Abs) is vectorized, with an atan2 within about two ulps of the scalar one, and gives the
/// same value in a lane at either width; every other nonlinearity applies its scalar map lane by lane, so it agrees
/// with <see cref="Duals"/> exactly.
/// Called by generated <c>[Network]</c> code; hidden from IntelliSense and not meant to be used directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class VectorDuals
{
    /// <summary>Rounds every lane to float precision (and back to double): where a float32 computation stores a value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> RoundToSingle(Vector256<double> x) => Vector256.WidenLower(Vector256.Narrow(x, x));

    /// <summary>Rounds every lane to float precision (and back to double), eight lanes at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> RoundToSingle(Vector512<double> x) => Vector512.WidenLower(Vector512.Narrow(x, x));

    /// <summary>ABRelu: a·min(x, 0) + b·max(x, 0), vectorized; the other members of its family call it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<Vector256<double>> ABRelu(double a, double b, Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2)
    {
        // The operations of ABReluActivation.Fused, lane by lane and in the same order.
        double k = (a - b) * (a - b) / (2 * Math.PI);
        double half = (a * a + b * b) / 2;
        var c = nngp;
        var sine = VectorMath.Sine(c, q1, q2);
        var degenerate = Vector256.Equals(sine, Vector256<double>.Zero) & Vector256.Equals(c, Vector256<double>.Zero);
        var angle = Vector256.ConditionalSelect(degenerate, Vector256.Create(Math.PI / 2), VectorMath.Atan2NonNegativeY(sine, c));
        var d = Vector256.Create(half) - Vector256.Create(k) * angle;
        return new VectorEntry<Vector256<double>>(Vector256.Create(k) * sine + d * c, ntk * d);
    }

    /// <summary>Relu on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<Vector256<double>> Relu(Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => ABRelu(0, 1, nngp, ntk, q1, q2);

    /// <summary>LeakyRelu on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<Vector256<double>> LeakyRelu(double alpha, Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => ABRelu(alpha, 1, nngp, ntk, q1, q2);

    /// <summary>Abs on four entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<Vector256<double>> Abs(Vector256<double> nngp, Vector256<double> ntk, Vector256<double> q1, Vector256<double> q2) => ABRelu(-1, 1, nngp, ntk, q1, q2);

    /// <summary>ABRelu on eight entries (AVX-512): the operations of the four-lane overload, so each lane gives the same value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<Vector512<double>> ABRelu(double a, double b, Vector512<double> nngp, Vector512<double> ntk, Vector512<double> q1, Vector512<double> q2)
    {
        // The operations of ABReluActivation.Fused, lane by lane and in the same order.
        double k = (a - b) * (a - b) / (2 * Math.PI);
        double half = (a * a + b * b) / 2;
        var c = nngp;
        var sine = VectorMath.Sine(c, q1, q2);
        var degenerate = Vector512.Equals(sine, Vector512<double>.Zero) & Vector512.Equals(c, Vector512<double>.Zero);
        var angle = Vector512.ConditionalSelect(degenerate, Vector512.Create(Math.PI / 2), VectorMath.Atan2NonNegativeY(sine, c));
        var d = Vector512.Create(half) - Vector512.Create(k) * angle;
        return new VectorEntry<Vector512<double>>(Vector512.Create(k) * sine + d * c, ntk * d);
    }

    /// <summary>Relu on eight entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<Vector512<double>> Relu(Vector512<double> nngp, Vector512<double> ntk, Vector512<double> q1, Vector512<double> q2) => ABRelu(0, 1, nngp, ntk, q1, q2);

    /// <summary>LeakyRelu on eight entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<Vector512<double>> LeakyRelu(double alpha, Vector512<double> nngp, Vector512<double> ntk, Vector512<double> q1, Vector512<double> q2) => ABRelu(alpha, 1, nngp, ntk, q1, q2);

    /// <summary>Abs on eight entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<Vector512<double>> Abs(Vector512<double> nngp, Vector512<double> ntk, Vector512<double> q1, Vector512<double> q2) => ABRelu(-1, 1, nngp, ntk, q1, q2);

    /// <summary>Erf on a vector of entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<TVector> Erf<TVector>(double a, double b, double c, TVector nngp, TVector ntk, TVector q1, TVector q2) where TVector : unmanaged => Lanes(new ErfActivation(a, b, c), nngp, ntk, q1, q2);

    /// <summary>SigmoidLike on a vector of entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<TVector> SigmoidLike<TVector>(TVector nngp, TVector ntk, TVector q1, TVector q2) where TVector : unmanaged => Lanes(new ErfActivation(0.5, 1 / 2.4020563531719796, 0.5), nngp, ntk, q1, q2);

    /// <summary>Gelu on a vector of entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<TVector> Gelu<TVector>(bool approximate, TVector nngp, TVector ntk, TVector q1, TVector q2) where TVector : unmanaged => Lanes(new GeluActivation(approximate), nngp, ntk, q1, q2);

    /// <summary>Sin on a vector of entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<TVector> Sin<TVector>(double a, double b, double c, TVector nngp, TVector ntk, TVector q1, TVector q2) where TVector : unmanaged => Lanes(new SinActivation(a, b, c), nngp, ntk, q1, q2);

    /// <summary>Cos on a vector of entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<TVector> Cos<TVector>(double a, double b, double c, TVector nngp, TVector ntk, TVector q1, TVector q2) where TVector : unmanaged => Lanes(new SinActivation(a, b, c + Math.PI / 2), nngp, ntk, q1, q2);

    /// <summary>Rbf on a vector of entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<TVector> Rbf<TVector>(double gamma, TVector nngp, TVector ntk, TVector q1, TVector q2) where TVector : unmanaged => Lanes(new RbfActivation(gamma), nngp, ntk, q1, q2);

    /// <summary>Exp on a vector of entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<TVector> Exp<TVector>(double a, double b, TVector nngp, TVector ntk, TVector q1, TVector q2) where TVector : unmanaged => Lanes(new ExpActivation(a, b), nngp, ntk, q1, q2);

    /// <summary>ExpNormalized on a vector of entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<TVector> ExpNormalized<TVector>(double gamma, double shift, bool doClip, TVector nngp, TVector ntk, TVector q1, TVector q2) where TVector : unmanaged => Lanes(new ExpNormalizedActivation(gamma, shift, doClip), nngp, ntk, q1, q2);

    /// <summary>Gaussian on a vector of entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<TVector> Gaussian<TVector>(double a, double b, TVector nngp, TVector ntk, TVector q1, TVector q2) where TVector : unmanaged => Lanes(new GaussianActivation(a, b), nngp, ntk, q1, q2);

    /// <summary>Gabor on a vector of entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<TVector> Gabor<TVector>(TVector nngp, TVector ntk, TVector q1, TVector q2) where TVector : unmanaged => Lanes(default(GaborActivation), nngp, ntk, q1, q2);

    /// <summary>Sign on a vector of entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<TVector> Sign<TVector>(TVector nngp, TVector ntk, TVector q1, TVector q2) where TVector : unmanaged => Lanes(default(SignActivation), nngp, ntk, q1, q2);

    /// <summary>Monomial on a vector of entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<TVector> Monomial<TVector>(int degree, TVector nngp, TVector ntk, TVector q1, TVector q2) where TVector : unmanaged => Lanes(new MonomialActivation(degree), nngp, ntk, q1, q2);

    /// <summary>RectifiedMonomial on a vector of entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<TVector> RectifiedMonomial<TVector>(int degree, TVector nngp, TVector ntk, TVector q1, TVector q2) where TVector : unmanaged => Lanes(new RectifiedMonomialActivation(degree), nngp, ntk, q1, q2);

    /// <summary>Hermite on a vector of entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<TVector> Hermite<TVector>(int degree, TVector nngp, TVector ntk, TVector q1, TVector q2) where TVector : unmanaged => Lanes(new HermiteActivation(degree), nngp, ntk, q1, q2);

    /// <summary>Polynomial on a vector of entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorEntry<TVector> Polynomial<TVector>(int count, double a0, double a1, double a2, double a3, double a4, double a5, double a6, double a7, TVector nngp, TVector ntk, TVector q1, TVector q2) where TVector : unmanaged => Lanes(new PolynomialActivation(count, a0, a1, a2, a3, a4, a5, a6, a7), nngp, ntk, q1, q2);

    /// <summary>A scalar dual applied lane by lane (exactly the scalar results), at any vector width.</summary>
    private static VectorEntry<TVector> Lanes<TAct, TVector>(TAct activation, TVector nngp, TVector ntk, TVector q1, TVector q2)
        where TAct : struct, IDualActivation
        where TVector : unmanaged
    {
        // The vectors viewed as their lanes: no per-width code for the maps that are not vectorized.
        var c = Lanes(ref nngp);
        var t = Lanes(ref ntk);
        var x = Lanes(ref q1);
        var y = Lanes(ref q2);
        for (int lane = 0; lane < c.Length; lane++)
        {
            double ci = c[lane], xi = x[lane], yi = y[lane];
            c[lane] = activation.Nngp(ci, xi, yi);
            t[lane] = t[lane] * activation.NtkFactor(ci, xi, yi);
        }
        return new VectorEntry<TVector>(nngp, ntk);
    }

    private static Span<double> Lanes<TVector>(ref TVector vector) where TVector : unmanaged =>
        MemoryMarshal.Cast<TVector, double>(MemoryMarshal.CreateSpan(ref vector, 1));
}
