using System.ComponentModel;
using System.Runtime.CompilerServices;
using NeuralTangents.Engine.DeviceKernels;
using NeuralTangents.Layers.Elementwise.Activations;

namespace NeuralTangents.CompilerServices;

/// <summary>
/// The dual maps of every closed-form nonlinearity, as public static functions for generated fused chains
/// (<see cref="IFusedChain{TVariances}"/>). Each nonlinearity has two: <c>Name(hyperparameters…, nngp, ntk, q1, q2)</c>
/// carries one kernel entry (K' = T(K; q1, q2), Θ' = Θ·Ṫ(K; q1, q2)) and <c>NameVariance(hyperparameters…, q)</c> maps
/// a variance (q' = T_d(q)). The hyperparameters are those of the <see cref="Stax"/> factory method of the same
/// name, and the maps are the very ones the interpreted layers run, so fused and interpreted kernels agree to
/// rounding. Kernel-safe: callable inside ILGPU kernels.
/// Called by generated <c>[Network]</c> code; hidden from IntelliSense and not meant to be used directly.
/// </summary>
/// <remarks><c>Polynomial</c> takes its coefficients inline: the count, then exactly eight (zero-padded).</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Duals
{

    /// <summary>Relu: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry Relu(double nngp, double ntk, double q1, double q2) => new ABReluActivation(0, 1).Fused(nngp, ntk, q1, q2);

    /// <summary>Relu: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ReluVariance(double q) => new ABReluActivation(0, 1).Variance(q);

    /// <summary>ABRelu: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry ABRelu(double a, double b, double nngp, double ntk, double q1, double q2) => new ABReluActivation(a, b).Fused(nngp, ntk, q1, q2);

    /// <summary>ABRelu: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ABReluVariance(double a, double b, double q) => new ABReluActivation(a, b).Variance(q);

    /// <summary>LeakyRelu: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry LeakyRelu(double alpha, double nngp, double ntk, double q1, double q2) => new ABReluActivation(alpha, 1).Fused(nngp, ntk, q1, q2);

    /// <summary>LeakyRelu: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double LeakyReluVariance(double alpha, double q) => new ABReluActivation(alpha, 1).Variance(q);

    /// <summary>Abs: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry Abs(double nngp, double ntk, double q1, double q2) => new ABReluActivation(-1, 1).Fused(nngp, ntk, q1, q2);

    /// <summary>Abs: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double AbsVariance(double q) => new ABReluActivation(-1, 1).Variance(q);

    /// <summary>Erf: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry Erf(double a, double b, double c, double nngp, double ntk, double q1, double q2) => Entry(new ErfActivation(a, b, c), nngp, ntk, q1, q2);

    /// <summary>Erf: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ErfVariance(double a, double b, double c, double q) => new ErfActivation(a, b, c).Variance(q);

    /// <summary>SigmoidLike: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry SigmoidLike(double nngp, double ntk, double q1, double q2) => Entry(new ErfActivation(0.5, 1 / 2.4020563531719796, 0.5), nngp, ntk, q1, q2);

    /// <summary>SigmoidLike: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SigmoidLikeVariance(double q) => new ErfActivation(0.5, 1 / 2.4020563531719796, 0.5).Variance(q);

    /// <summary>Gelu: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry Gelu(bool approximate, double nngp, double ntk, double q1, double q2) => new GeluActivation(approximate).Fused(nngp, ntk, q1, q2);

    /// <summary>Gelu: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double GeluVariance(bool approximate, double q) => new GeluActivation(approximate).Variance(q);

    /// <summary>Sin: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry Sin(double a, double b, double c, double nngp, double ntk, double q1, double q2) => Entry(new SinActivation(a, b, c), nngp, ntk, q1, q2);

    /// <summary>Sin: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SinVariance(double a, double b, double c, double q) => new SinActivation(a, b, c).Variance(q);

    /// <summary>Cos: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry Cos(double a, double b, double c, double nngp, double ntk, double q1, double q2) => Entry(new SinActivation(a, b, c + Math.PI / 2), nngp, ntk, q1, q2);

    /// <summary>Cos: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double CosVariance(double a, double b, double c, double q) => new SinActivation(a, b, c + Math.PI / 2).Variance(q);

    /// <summary>Rbf: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry Rbf(double gamma, double nngp, double ntk, double q1, double q2) => Entry(new RbfActivation(gamma), nngp, ntk, q1, q2);

    /// <summary>Rbf: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double RbfVariance(double gamma, double q) => new RbfActivation(gamma).Variance(q);

    /// <summary>Exp: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry Exp(double a, double b, double nngp, double ntk, double q1, double q2) => Entry(new ExpActivation(a, b), nngp, ntk, q1, q2);

    /// <summary>Exp: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ExpVariance(double a, double b, double q) => new ExpActivation(a, b).Variance(q);

    /// <summary>ExpNormalized: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry ExpNormalized(double gamma, double shift, bool doClip, double nngp, double ntk, double q1, double q2) => Entry(new ExpNormalizedActivation(gamma, shift, doClip), nngp, ntk, q1, q2);

    /// <summary>ExpNormalized: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ExpNormalizedVariance(double gamma, double shift, bool doClip, double q) => new ExpNormalizedActivation(gamma, shift, doClip).Variance(q);

    /// <summary>Gaussian: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry Gaussian(double a, double b, double nngp, double ntk, double q1, double q2) => Entry(new GaussianActivation(a, b), nngp, ntk, q1, q2);

    /// <summary>Gaussian: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double GaussianVariance(double a, double b, double q) => new GaussianActivation(a, b).Variance(q);

    /// <summary>Gabor: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry Gabor(double nngp, double ntk, double q1, double q2) => Entry(default(GaborActivation), nngp, ntk, q1, q2);

    /// <summary>Gabor: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double GaborVariance(double q) => default(GaborActivation).Variance(q);

    /// <summary>Sign: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry Sign(double nngp, double ntk, double q1, double q2) => Entry(default(SignActivation), nngp, ntk, q1, q2);

    /// <summary>Sign: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SignVariance(double q) => default(SignActivation).Variance(q);

    /// <summary>Monomial: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry Monomial(int degree, double nngp, double ntk, double q1, double q2) => Entry(new MonomialActivation(degree), nngp, ntk, q1, q2);

    /// <summary>Monomial: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MonomialVariance(int degree, double q) => new MonomialActivation(degree).Variance(q);

    /// <summary>RectifiedMonomial: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry RectifiedMonomial(int degree, double nngp, double ntk, double q1, double q2) => Entry(new RectifiedMonomialActivation(degree), nngp, ntk, q1, q2);

    /// <summary>RectifiedMonomial: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double RectifiedMonomialVariance(int degree, double q) => new RectifiedMonomialActivation(degree).Variance(q);

    /// <summary>Hermite: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry Hermite(int degree, double nngp, double ntk, double q1, double q2) => Entry(new HermiteActivation(degree), nngp, ntk, q1, q2);

    /// <summary>Hermite: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double HermiteVariance(int degree, double q) => new HermiteActivation(degree).Variance(q);

    /// <summary>Polynomial: one kernel entry through the layer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FusedEntry Polynomial(int count, double a0, double a1, double a2, double a3, double a4, double a5, double a6, double a7, double nngp, double ntk, double q1, double q2) => Entry(new PolynomialActivation(count, a0, a1, a2, a3, a4, a5, a6, a7), nngp, ntk, q1, q2);

    /// <summary>Polynomial: the variance map.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double PolynomialVariance(int count, double a0, double a1, double a2, double a3, double a4, double a5, double a6, double a7, double q) => new PolynomialActivation(count, a0, a1, a2, a3, a4, a5, a6, a7).Variance(q);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FusedEntry Entry<TAct>(TAct activation, double nngp, double ntk, double q1, double q2) where TAct : struct, IDualActivation =>
        new(activation.Nngp(nngp, q1, q2), ntk * activation.NtkFactor(nngp, q1, q2));
}
