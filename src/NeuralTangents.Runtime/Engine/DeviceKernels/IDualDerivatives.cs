namespace NeuralTangents.Engine.DeviceKernels;

/// <summary>
/// The exact first derivatives of a closed-form dual (<see cref="IDualActivation"/>): how T(c; q1, q2), Ṫ(c; q1, q2)
/// and T_d(q) move with their arguments and with the nonlinearity's own scalar parameters. Forward-mode tangents of
/// a kernel recursion are these partials times the tangents of (c, q1, q2), plus the parameter partial for the
/// parameter being differentiated. Host code only (the parameter names are strings).
/// </summary>
/// <remarks>
/// Where the partials of (c, q1, q2) do not exist (the arc-cosine family at perfect correlation ρ = ±1, where Ṫ or T
/// has slope ∝ 1/√(q1 q2 − c²)), <see cref="Singularity"/> says why and <see cref="Partials"/> returns infinities
/// there; the caller must not use them. The self-diagonal (an item against itself at the same position, c = q1 =
/// q2 = q, which the plan forces to ρ = 1) has its own finite slopes in <see cref="Diagonal"/>, since along it
/// (c, q1, q2) move together and every family's T_d(q) and Ṫ(q; q, q) are smooth in q.
/// </remarks>
internal interface IDualDerivatives
{
    /// <summary>How many scalar parameters the nonlinearity has (0 for Relu, Gelu, Sign, Gabor and the integer-degree families).</summary>
    int ParameterCount { get; }

    /// <summary>
    /// Parameter <paramref name="parameter"/>'s name as the network JSON names the argument of the struct's most general
    /// <c>Stax</c> factory (<c>a</c>, <c>b</c>, <c>c</c>, <c>gamma</c>, <c>shift</c>, <c>coef[k]</c>).
    /// </summary>
    string ParameterName(int parameter);

    /// <summary>The partials of T and Ṫ with respect to c, q1 and q2 at (c; q1, q2); infinite where <see cref="Singularity"/> is not null.</summary>
    DualPartials Partials(double c, double q1, double q2);

    /// <summary>Null where <see cref="Partials"/> exist at (c; q1, q2); otherwise why they do not.</summary>
    string? Singularity(double c, double q1, double q2);

    /// <summary>The slopes along the self-diagonal c = q1 = q2 = q: dT_d/dq and d/dq Ṫ(q; q, q).</summary>
    DiagonalSlopes Diagonal(double q);

    /// <summary>∂T/∂θ and ∂Ṫ/∂θ at (c; q1, q2) for parameter <paramref name="parameter"/> (these exist everywhere the maps do).</summary>
    ParameterPartials ParameterPartials(int parameter, double c, double q1, double q2);

    /// <summary>∂T_d(q)/∂θ (in <see cref="Engine.DeviceKernels.ParameterPartials.Nngp"/>) and ∂Ṫ(q; q, q)/∂θ on the self-diagonal.</summary>
    ParameterPartials DiagonalParameterPartials(int parameter, double q);
}

/// <summary>The partials of T and Ṫ with respect to (c, q1, q2). <see cref="NngpC"/> is not always Ṫ: Sign, RectifiedMonomial(0) and a clipped ExpNormalized set Ṫ by convention.</summary>
internal readonly record struct DualPartials(double NngpC, double NngpQ1, double NngpQ2, double FactorC, double FactorQ1, double FactorQ2);

/// <summary>The partials of T (or T_d) and Ṫ with respect to one parameter of the nonlinearity.</summary>
internal readonly record struct ParameterPartials(double Nngp, double Factor);

/// <summary>The slopes of T_d(q) and of Ṫ(q; q, q) along the self-diagonal.</summary>
internal readonly record struct DiagonalSlopes(double Variance, double Factor);
