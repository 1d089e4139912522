using NeuralTangents;

namespace NeuralTangents.Tests.Support;

/// <summary>Small deterministic inputs made by the tests themselves.</summary>
public static class TestInputs
{
    /// <summary>A rows × features matrix of standard normal values from <paramref name="seed"/>.</summary>
    public static Tensor<T> Normal<T>(int rows, int features, ulong seed) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var values = new double[rows * features];
        new PrngKey(seed).FillNormal(values);
        return Tensor<T>.FromFunction(new[] { rows, features }, i => T.CreateTruncating(values[i]));
    }
}
