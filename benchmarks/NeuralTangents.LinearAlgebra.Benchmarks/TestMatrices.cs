using System.Numerics;

namespace NeuralTangents.LinearAlgebra.Benchmarks;

/// <summary>
/// Deterministic benchmark inputs shaped like real kernel matrices: the one-layer ReLU NNGP (arc-cosine
/// kernel) of n random unit vectors in 64 dimensions, plus 10⁻³ on the diagonal. Full rank with a decaying
/// spectrum, as the matrices Predict factors are; and 10 right-hand sides (the one-hot targets' width).
/// </summary>
internal static class TestMatrices
{
    public const int RightHandSides = 10;
    private const int Dimensions = 64;

    public static double[] Kernel(int n, int seed = 1)
    {
        var random = new System.Random(seed);
        var x = new double[n * Dimensions];
        for (int i = 0; i < n; i++)
        {
            double norm = 0;
            for (int d = 0; d < Dimensions; d++)
            {
                double v = Normal(random);
                x[i * Dimensions + d] = v;
                norm += v * v;
            }
            norm = Math.Sqrt(norm);
            for (int d = 0; d < Dimensions; d++) x[i * Dimensions + d] /= norm;
        }
        var k = new double[(long)n * n];
        Blas.Gemm(false, true, n, n, Dimensions, 1.0, x, Dimensions, x, Dimensions, 0.0, k, n);
        for (long i = 0; i < k.LongLength; i++)
        {
            double c = Math.Clamp(k[i], -1, 1), theta = Math.Acos(c);
            k[i] = (Math.Sin(theta) + (Math.PI - theta) * c) / Math.PI;
        }
        for (int i = 0; i < n; i++) k[(long)i * n + i] += 1e-3;
        return k;
    }

    public static double[] Targets(int n, int seed = 2)
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, n * RightHandSides).Select(_ => random.NextDouble() - 0.5).ToArray();
    }

    public static T[] Convert<T>(double[] values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new T[values.Length];
        for (long i = 0; i < values.LongLength; i++) result[i] = T.CreateTruncating(values[i]);
        return result;
    }

    private static double Normal(System.Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
