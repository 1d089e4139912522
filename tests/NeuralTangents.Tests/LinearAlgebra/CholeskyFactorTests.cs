using MathNet.Numerics.LinearAlgebra;
using NeuralTangents.LinearAlgebra;
using NeuralTangents.Tests.Fitting;

namespace NeuralTangents.Tests.LinearAlgebra;

public sealed class CholeskyFactorTests
{
    private const int N = 40;

    // A = BBᵀ/N + 0.5·I: eigenvalues in [0.5, ~5], condition number ~10, so products with the inverse are exact to ~1e-14.
    private static double[] Matrix()
    {
        var b = Matrix<double>.Build.DenseOfRowMajor(N, N, GaussianSamples.Normals(N * N, seed: 3));
        return (b * b.Transpose() / N + 0.5 * Matrix<double>.Build.DenseIdentity(N)).ToRowMajorArray();
    }

    [Fact]
    public void Inverse_is_symmetric_and_inverts_the_regularized_matrix()
    {
        var a = Matrix();
        var inverse = CholeskyFactor<double>.Factor(a, N, 0.25, "test matrix").Inverse();

        var regularized = Matrix<double>.Build.DenseOfRowMajor(N, N, a) + 0.25 * Matrix<double>.Build.DenseIdentity(N);
        var product = regularized * Matrix<double>.Build.DenseOfRowMajor(N, N, inverse);
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
            {
                Assert.Equal(inverse[i * N + j], inverse[j * N + i]);
                Assert.Equal(i == j ? 1.0 : 0.0, product[i, j], 1e-12);
            }
    }

    [Fact]
    public void LogDeterminant_equals_the_sum_of_log_eigenvalues()
    {
        var a = Matrix();
        double logDet = CholeskyFactor<double>.Factor(a, N, 0.25, "test matrix").LogDeterminant();

        var regularized = Matrix<double>.Build.DenseOfRowMajor(N, N, a) + 0.25 * Matrix<double>.Build.DenseIdentity(N);
        double expected = regularized.Evd(Symmetricity.Symmetric).EigenValues.Sum(e => Math.Log(e.Real));
        Assert.Equal(expected, logDet, 1e-11 * Math.Abs(expected) + 1e-12);
    }
}
