using NeuralTangents.LinearAlgebra;

namespace NeuralTangents.Tests.LinearAlgebra;

/// <summary>The backends present on this machine: always the managed one, OpenBLAS when it loads.</summary>
public static class BackendCases
{
    private static readonly OpenBlasBackend? Native = OpenBlasBackend.TryLoad();

    internal static ILinearAlgebraBackend Get(string name) => name switch
    {
        "managed" => ManagedBackend.Instance,
        "openblas" => Native ?? throw new InvalidOperationException("OpenBLAS is not available."),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown backend."),
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string> { "managed" };
        if (Native is not null) data.Add("openblas");
        return data;
    }

    /// <summary>A random matrix with entries uniform in [−0.5, 0.5).</summary>
    public static double[] RandomMatrix(int rows, int cols, int seed)
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, rows * cols).Select(_ => random.NextDouble() - 0.5).ToArray();
    }

    /// <summary>B·Bᵀ/k + shift·I for a random n×k matrix B: symmetric positive definite when shift &gt; 0 or k ≥ n.</summary>
    public static double[] SymmetricPositiveDefinite(int n, int k, double shift, int seed)
    {
        var b = RandomMatrix(n, k, seed);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++) sum += b[i * k + p] * b[j * k + p];
                a[i * n + j] = sum / k + (i == j ? shift : 0);
            }
        return a;
    }

    public static double[] Multiply(double[] a, double[] b, int m, int k, int n, bool transposeA = false, bool transposeB = false)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                    sum += (transposeA ? a[p * m + i] : a[i * k + p]) * (transposeB ? b[j * k + p] : b[p * n + j]);
                c[i * n + j] = sum;
            }
        return c;
    }

    public static float[] ToFloat(double[] values) => values.Select(v => (float)v).ToArray();
}
