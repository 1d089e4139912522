using NeuralTangents.Rules;
using NeuralTangents.Layers.Elementwise;
using NeuralTangents.Numerics;
using NeuralTangents.Validation;

namespace NeuralTangents;

public static partial class Stax
{
    /// <summary>
    /// Any pointwise nonlinearity φ = <paramref name="fn"/>, with its dual computed by two-dimensional
    /// Gauss–Hermite quadrature of <paramref name="degree"/> nodes per dimension over the correlated Gaussian
    /// pair (u, v) = (√(2q1)·x, c·√(2/q1)·x + √(2(q2 − c²/q1))·y): K' ≈ (1/π)·Σ_{k,l} w_k w_l·φ(u_k)φ(v_kl),
    /// Θ' = Θ·(the same sum with φ'), variances q' ≈ (1/√π)·Σ_k w_k·φ(√(2q)·x_k)².
    /// </summary>
    /// <param name="fn">φ; must be thread-safe (it is called concurrently) and finite on the real line.</param>
    /// <param name="degree">
    /// Nodes per dimension, 1 to 1000. Each kernel entry costs degree² evaluations of φ (and as many of φ').
    /// Neural Tangents suggests 25 for smooth φ (about 1e-3 relative); 100 reaches 1e-8 or better for smooth φ
    /// of moderate growth. Not recommended for φ with kinks or jumps, where quadrature converges slowly.
    /// </param>
    /// <param name="derivative">
    /// φ' for the NTK and the finite backward pass. When null, φ' is the sixth-order central difference of φ
    /// with step 2⁻⁸·max(1, |x|) (about 1e-13 relative for smooth φ; 7 evaluations of φ per derivative), where
    /// Neural Tangents uses automatic differentiation.
    /// </param>
    /// <remarks>
    /// Delegates cannot run in device kernels, so this layer's kernel rule runs on the host in parallel over
    /// rows, copying each kernel tile off and back onto the accelerator. A φ or φ' that returns NaN or ±∞ at a finite
    /// argument makes the kernel function and Apply throw <see cref="NotFiniteNumberException"/> naming it and the
    /// argument, instead of returning NaN entries.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="fn"/> is null.</exception>
    /// <exception cref="NetworkDefinitionException"><paramref name="degree"/> is outside 1..1000.</exception>
    public static ILayer ElementwiseNumerical(Func<double, double> fn, int degree, Func<double, double>? derivative = null)
    {
        ArgumentNullException.ThrowIfNull(fn);
        string name = LayerNames.ElementwiseNumerical(degree);
        Guard.ThrowIfInvalid(ActivationRules.Quadrature(name, degree));
        var ntkDerivative = derivative ?? (x => NumericalDerivative.Central(fn, x));
        return Made(new HostElementwiseLayer(name, new QuadratureDual(fn, ntkDerivative, degree), fn, derivative), [fn, degree, derivative]);
    }

    /// <summary>
    /// A pointwise nonlinearity with a user-supplied dual: K' = <paramref name="nngp"/>(c, q1, q2), which must be
    /// E[φ(u)φ(v)] for (u, v) ~ N(0, [[q1, c], [c, q2]]); variances q' = nngp(q, q, q); Θ' = Θ·Ṫ(c, q1, q2) with
    /// Ṫ = <paramref name="ntkFactor"/>, or ∂nngp/∂c by finite differences when it is null.
    /// </summary>
    /// <param name="fn">φ for the finite network, or null for a kernel-only layer (the finite apply then throws <see cref="NotSupportedException"/>).</param>
    /// <param name="nngp">The NNGP map T(c, q1, q2); must be thread-safe.</param>
    /// <param name="ntkFactor">
    /// The derivative map Ṫ(c, q1, q2) = E[φ'(u)φ'(v)] = ∂T/∂c. When null it is computed by the sixth-order
    /// central difference of <paramref name="nngp"/> in c with step 2⁻⁸·√(q1 q2), switching to the one-sided
    /// sixth-order formula within three steps of ρ = c/√(q1 q2) = ±1 so that nngp is never evaluated outside
    /// |c| ≤ √(q1 q2) (about 1e-11 relative for maps smooth in ρ on [−1, 1]; pass the map explicitly for
    /// kernels whose derivatives are singular at ρ = ±1, such as the arc-cosine kernels). Neural Tangents uses
    /// automatic differentiation here.
    /// </param>
    /// <remarks>
    /// The finite backward pass uses the central difference of <paramref name="fn"/>. The kernel rule runs on the
    /// host, in parallel over rows. A map that returns NaN or ±∞ at finite arguments makes the kernel function throw
    /// <see cref="NotFiniteNumberException"/> naming the map and its arguments.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="nngp"/> is null.</exception>
    public static ILayer Elementwise(Func<double, double>? fn, Func<double, double, double, double> nngp,
        Func<double, double, double, double>? ntkFactor = null)
    {
        ArgumentNullException.ThrowIfNull(nngp);
        return Made(new HostElementwiseLayer("Elementwise", new UserDual(nngp, ntkFactor), fn, null), [fn, nngp, ntkFactor]);
    }
}
