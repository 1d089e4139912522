namespace NeuralTangents.Engine.DeviceKernels;

/// <summary>
/// The dual of a pointwise nonlinearity φ applied to a centred Gaussian pair (u, v) with variances q1, q2
/// and covariance c. Implementations are small structs of hyperparameters whose methods run inside ILGPU
/// kernels, so they may use only kernel-safe math (<see cref="ILGPU.Algorithms.XMath"/>, plain arithmetic).
/// </summary>
internal interface IDualActivation
{
    /// <summary>T(c; q1, q2) = E[φ(u) φ(v)]: the new NNGP entry.</summary>
    double Nngp(double c, double q1, double q2);

    /// <summary>Ṫ(c; q1, q2) = E[φ'(u) φ'(v)] = ∂T/∂c: the factor that multiplies the NTK entry.</summary>
    double NtkFactor(double c, double q1, double q2);

    /// <summary>T_d(q) = E[φ(u)²] for u ~ N(0, q): the new variance.</summary>
    double Variance(double q);
}

/// <summary>The finite-network face of a nonlinearity: φ and φ' on the host.</summary>
internal interface IActivationFunction
{
    /// <summary>φ(x).</summary>
    double Apply(double x);

    /// <summary>φ'(x) (where φ is not differentiable, the one-sided value the kernel's derivative map assumes).</summary>
    double Derivative(double x);

    /// <summary>
    /// φ on a truncated Taylor series: the coefficients of φ(x(t)) from those of x(t) (spans of equal length,
    /// at most <see cref="Numerics.TaylorSeries.MaxOrder"/> + 1). Written with <see cref="Numerics.TaylorSeries"/>
    /// so that forward-mode derivatives of every order (JVPs, <c>TaylorExpand</c>) come from φ itself; at a kink
    /// the one-sided branch that <see cref="Derivative"/> uses is taken.
    /// </summary>
    void Taylor(ReadOnlySpan<double> x, Span<double> y);
}
