using MathNet.Numerics.LinearAlgebra;

namespace NeuralTangents.Tests.Fitting;

/// <summary>Seeded standard normals and draws from a zero-mean Gaussian with a given covariance, for fitting tests.</summary>
internal static class GaussianSamples
{
    /// <summary>Standard normal values by Box–Muller from a seeded <see cref="System.Random"/>.</summary>
    public static double[] Normals(int count, int seed)
    {
        var random = new System.Random(seed);
        var result = new double[count];
        for (int i = 0; i < count; i += 2)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            double r = Math.Sqrt(-2 * Math.Log(u1));
            result[i] = r * Math.Cos(2 * Math.PI * u2);
            if (i + 1 < count) result[i + 1] = r * Math.Sin(2 * Math.PI * u2);
        }
        return result;
    }

    /// <summary><paramref name="columns"/> independent draws from N(0, covariance), as an n × columns row-major matrix.</summary>
    public static double[] Draw(double[] covariance, int n, int columns, int seed)
    {
        var lower = Matrix<double>.Build.DenseOfRowMajor(n, n, covariance).Cholesky().Factor;
        var z = Matrix<double>.Build.DenseOfRowMajor(n, columns, Normals(n * columns, seed));
        return (lower * z).ToRowMajorArray();
    }
}
