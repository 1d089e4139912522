using System.Numerics;

namespace NeuralTangents.Predicting;

/// <summary>
/// Neural Tangents' diagonal regularizer: λ = diagReg·trace(K)/n (the mean diagonal entry) unless the scale is
/// absolute, in which case λ = diagReg.
/// </summary>
internal static class Regularizer
{
    public static double Absolute<T>(ReadOnlySpan<T> kernel, int n, double diagReg, bool absoluteScale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (absoluteScale || diagReg == 0 || n == 0) return diagReg;
        double trace = 0;
        for (int i = 0; i < n; i++) trace += double.CreateTruncating(kernel[i * n + i]);
        return diagReg * trace / n;
    }
}
