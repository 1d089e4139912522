using NeuralTangents.LinearAlgebra;

namespace NeuralTangents.Tests.LinearAlgebra;

public sealed class GemmTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Both_backends_match_the_definition(bool transposeA, bool transposeB)
    {
        const int m = 37, n = 29, k = 70;
        var random = new System.Random(5);
        double[] a = Enumerable.Range(0, m * k).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] b = Enumerable.Range(0, k * n).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] c0 = Enumerable.Range(0, m * n).Select(_ => random.NextDouble()).ToArray();
        int lda = transposeA ? m : k, ldb = transposeB ? k : n;
        double A(int i, int p) => transposeA ? a[p * lda + i] : a[i * lda + p];
        double B(int p, int j) => transposeB ? b[j * ldb + p] : b[p * ldb + j];

        var expected = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++) sum += A(i, p) * B(p, j);
                expected[i * n + j] = 0.5 * sum + 2 * c0[i * n + j];
            }

        var viaBackend = (double[])c0.Clone();
        Blas.Gemm(transposeA, transposeB, m, n, k, 0.5, a, lda, b, ldb, 2.0, viaBackend, n);
        var viaManaged = (double[])c0.Clone();
        Blas.ManagedGemm(transposeA, transposeB, m, n, k, 0.5, a, lda, b, ldb, 2.0, viaManaged, n);

        for (int i = 0; i < m * n; i++)
        {
            Assert.Equal(expected[i], viaBackend[i], 1e-12);
            Assert.Equal(expected[i], viaManaged[i], 1e-12);
        }
    }

    [Fact]
    public void The_backend_in_use_is_named()
    {
        Assert.False(string.IsNullOrWhiteSpace(Blas.BackendName));
    }
}
