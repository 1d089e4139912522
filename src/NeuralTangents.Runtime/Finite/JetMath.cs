using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralTangents.Finite;

/// <summary>Coefficient arithmetic for <see cref="Jet{T}"/>s, where a null tensor stands for zero.</summary>
internal static class JetMath
{
    /// <summary>a + b with null as zero (null when both are null); never writes into a or b.</summary>
    public static Tensor<T>? Sum<T>(Tensor<T>? a, Tensor<T>? b) where T : unmanaged, IFloatingPointIeee754<T> =>
        a is null ? b : b is null ? a : TensorMath.Add(a, b);

    /// <summary>Adds <paramref name="addend"/> into <paramref name="target"/>, which this call owns (null: a fresh result).</summary>
    public static Tensor<T> Accumulate<T>(Tensor<T>? target, Tensor<T> addend) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (target is null) return addend;
        TensorPrimitives.Add<T>(target.Data, addend.Data, target.Data);
        return target;
    }

    /// <summary>
    /// The Cauchy product of two jets' coefficients from 1 to the degree (coefficient 0 is the caller's):
    /// (a·b)[n] = Σ_{j=0..n} a[j] ⊙ b[n−j], skipping null factors; null when every term is null.
    /// </summary>
    public static Tensor<T>?[] Product<T>(Jet<T> a, Jet<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new Tensor<T>?[a.Degree + 1];
        for (int n = 1; n <= a.Degree; n++)
        {
            Tensor<T>? sum = null;
            for (int j = 0; j <= n; j++)
                if (a.Coefficients[j] is { } left && b.Coefficients[n - j] is { } right)
                    sum = Accumulate(sum, TensorMath.Multiply(left, right));
            result[n] = sum;
        }
        return result;
    }

    /// <summary>True when every coefficient above 0 is null (the value does not depend on t).</summary>
    public static bool IsConstant<T>(Jet<T> jet) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = 1; k <= jet.Degree; k++)
            if (jet.Coefficients[k] is not null) return false;
        return true;
    }
}
