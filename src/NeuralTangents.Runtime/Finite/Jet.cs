using System.Numerics;

namespace NeuralTangents.Finite;

/// <summary>
/// A tensor-valued truncated Taylor series in a scalar t: value(t) = Σ_{k ≤ Degree} Coefficients[k]·t^k.
/// Coefficient 0 is the primal value; a null coefficient is identically zero (inputs do not depend on t, so
/// the first layers skip that work). A degree-1 jet is a dual number (value, tangent): its coefficient 1 is the
/// Jacobian-vector product.
/// </summary>
internal sealed class Jet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Jet(Tensor<T>?[] coefficients)
    {
        if (coefficients.Length == 0 || coefficients[0] is null)
            throw new ArgumentException("A jet needs its primal value (coefficient 0).", nameof(coefficients));
        Coefficients = coefficients;
    }

    /// <summary>The coefficients, 0 … <see cref="Degree"/>; null entries are zero.</summary>
    public Tensor<T>?[] Coefficients { get; }

    /// <summary>The truncation order.</summary>
    public int Degree => Coefficients.Length - 1;

    /// <summary>Coefficient 0.</summary>
    public Tensor<T> Primal => Coefficients[0]!;

    /// <summary>A value that does not depend on t.</summary>
    public static Jet<T> Constant(Tensor<T> value, int degree)
    {
        var coefficients = new Tensor<T>?[degree + 1];
        coefficients[0] = value;
        return new Jet<T>(coefficients);
    }

    /// <summary>Coefficient <paramref name="k"/>, materialized as zeros when it is null.</summary>
    public Tensor<T> Dense(int k) => Coefficients[k] ?? Tensor<T>.Zeros(Primal.Shape);

    /// <summary>Applies a linear map (reshape, split, concatenation part …) coefficient by coefficient; null stays null.</summary>
    public Jet<T> MapLinear(Func<Tensor<T>, Tensor<T>> map) =>
        new(Coefficients.Select(c => c is null ? null : map(c)).ToArray());
}
