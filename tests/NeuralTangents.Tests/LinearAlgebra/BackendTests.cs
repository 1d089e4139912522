using ILGPU.Runtime.Cuda;
using NeuralTangents.LinearAlgebra;
using static NeuralTangents.Tests.LinearAlgebra.BackendCases;

namespace NeuralTangents.Tests.LinearAlgebra;

public sealed class BackendTests
{
    // 150 crosses the managed Cholesky's block size (128) so the panel and trailing updates run.
    private const int N = 150;

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(BackendCases))]
    public void Cholesky_reproduces_the_matrix_in_double(string backend)
    {
        var a = SymmetricPositiveDefinite(N, 40, 0.1, seed: 1);
        var l = (double[])a.Clone();
        Assert.Equal(0, Get(backend).CholeskyLower(N, l.AsSpan(), N));
        var lower = LowerPart(l, N);
        var product = Multiply(lower, lower, N, N, N, transposeB: true);
        for (int i = 0; i < N * N; i++) Assert.Equal(a[i], product[i], 1e-12);
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(BackendCases))]
    public void Cholesky_reproduces_the_matrix_in_float(string backend)
    {
        var a = SymmetricPositiveDefinite(N, 40, 0.1, seed: 2);
        var l = ToFloat(a);
        Assert.Equal(0, Get(backend).CholeskyLower(N, l.AsSpan(), N));
        var lower = LowerPart(l.Select(v => (double)v).ToArray(), N);
        var product = Multiply(lower, lower, N, N, N, transposeB: true);
        for (int i = 0; i < N * N; i++) Assert.Equal(a[i], product[i], 1e-5);
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(BackendCases))]
    public void Cholesky_reports_the_first_non_positive_pivot_and_its_value(string backend)
    {
        // Positive definite except that item 137 duplicates item 20 and has its variance lowered: the
        // Schur complement at pivot 137 is exactly −0.25 (minus the earlier pivots' contributions, which are 0).
        int n = N;
        var a = SymmetricPositiveDefinite(n, 200, 0.0, seed: 3);
        for (int j = 0; j < n; j++)
        {
            a[137 * n + j] = a[20 * n + j];
            a[j * n + 137] = a[j * n + 20];
        }
        a[137 * n + 137] = a[20 * n + 20] - 0.25;
        var l = (double[])a.Clone();
        int failed = Get(backend).CholeskyLower(n, l.AsSpan(), n);
        Assert.Equal(138, failed);
        Assert.Equal(-0.25, l[137 * n + 137], 1e-9);
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(BackendCases))]
    public void Cholesky_of_a_matrix_with_a_NaN_fails_instead_of_returning_NaNs(string backend)
    {
        var a = SymmetricPositiveDefinite(20, 30, 0.1, seed: 4);
        a[5 * 20 + 5] = double.NaN;
        int failed = Get(backend).CholeskyLower(20, a.AsSpan(), 20);
        // The backends may stop at the NaN pivot or carry on; the factor wrapper rejects both outcomes.
        Assert.True(failed == 6 || double.IsNaN(a[5 * 20 + 5]));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(BackendCases))]
    public void Triangular_solves_satisfy_their_equations(string backend)
    {
        const int order = 70, other = 23;
        var chol = SymmetricPositiveDefinite(order, 90, 0.5, seed: 5);
        Assert.Equal(0, Get(backend).CholeskyLower(order, chol.AsSpan(), order));
        var l = LowerPart(chol, order);
        foreach (bool left in new[] { true, false })
            foreach (bool transpose in new[] { false, true })
            {
                int m = left ? order : other, p = left ? other : order;
                var b = RandomMatrix(m, p, seed: 6);
                var x = (double[])b.Clone();
                // The strict upper triangle of L must not be read: fill it with garbage.
                var lWithGarbage = (double[])chol.Clone();
                for (int i = 0; i < order; i++)
                    for (int j = i + 1; j < order; j++) lWithGarbage[i * order + j] = 1e6;
                Get(backend).TriangularSolveLower(left, transpose, m, p, 2.0, lWithGarbage, order, x.AsSpan(), p);
                var check = left
                    ? Multiply(l, x, order, order, p, transposeA: transpose)
                    : Multiply(x, l, m, order, order, transposeB: transpose);
                for (int i = 0; i < m * p; i++) Assert.Equal(2.0 * b[i], check[i], 1e-10);
            }
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(BackendCases))]
    public void Syrk_fills_the_lower_triangle_of_the_gram_matrix(string backend)
    {
        const int n = 90, k = 37;
        foreach (bool transpose in new[] { false, true })
        {
            var a = RandomMatrix(transpose ? k : n, transpose ? n : k, seed: 7);
            var c0 = RandomMatrix(n, n, seed: 8);
            var c = (double[])c0.Clone();
            Get(backend).SyrkLower(transpose, n, k, 0.5, a, transpose ? n : k, -1.0, c.AsSpan(), n);
            var gram = transpose ? Multiply(a, a, n, k, n, transposeA: true) : Multiply(a, a, n, k, n, transposeB: true);
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++) Assert.Equal(0.5 * gram[i * n + j] - c0[i * n + j], c[i * n + j], 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(BackendCases))]
    public void Eigendecomposition_diagonalizes_with_orthonormal_rows_in_double(string backend)
    {
        foreach (int n in new[] { 1, 2, 3, 70, N })
        {
            var a = RandomMatrix(n, n, seed: 9 + n);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
            CheckEigensystem(backend, a, n, 1e-11);
        }
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(BackendCases))]
    public void Eigendecomposition_handles_repeated_and_zero_eigenvalues(string backend)
    {
        // A rank-3 positive semidefinite matrix: 57 zero eigenvalues, and a diagonal matrix with ties.
        const int n = 60;
        CheckEigensystem(backend, SymmetricPositiveDefinite(n, 3, 0.0, seed: 10), n, 1e-11);
        var diagonal = new double[n * n];
        for (int i = 0; i < n; i++) diagonal[i * n + i] = (i % 4) - 1.5;
        CheckEigensystem(backend, diagonal, n, 1e-12);
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(BackendCases))]
    public void Eigendecomposition_in_float_agrees_with_double(string backend)
    {
        const int n = 80;
        var a = SymmetricPositiveDefinite(n, 100, 0.01, seed: 11);
        var exact = new double[n];
        ManagedBackend.Instance.SymmetricEigen(n, ((double[])a.Clone()).AsSpan(), n, exact, vectors: false);
        var f = ToFloat(a);
        var values = new float[n];
        Get(backend).SymmetricEigen(n, f.AsSpan(), n, values, vectors: true);
        for (int i = 0; i < n; i++) Assert.Equal(exact[i], values[i], 2e-5);
        // Rows are orthonormal to float rounding.
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double dot = 0;
                for (int p = 0; p < n; p++) dot += (double)f[i * n + p] * f[j * n + p];
                Assert.Equal(i == j ? 1.0 : 0.0, dot, 1e-5);
            }
    }

    [Fact]
    public void Backends_agree_on_eigenvalues_of_the_same_matrix()
    {
        const int n = 120;
        var a = SymmetricPositiveDefinite(n, 50, 0.2, seed: 12);
        var reference = new double[n];
        ManagedBackend.Instance.SymmetricEigen(n, ((double[])a.Clone()).AsSpan(), n, reference, vectors: true);
        var values = new double[n];
        Blas.Backend.SymmetricEigen(n, ((double[])a.Clone()).AsSpan(), n, values, vectors: true);
        for (int i = 0; i < n; i++) Assert.Equal(reference[i], values[i], 1e-12);
    }

    [Fact]
    public void The_environment_variable_selects_the_backend_in_use()
    {
        string? requested = Environment.GetEnvironmentVariable("NEURALTANGENTS_BLAS")?.Trim().ToLowerInvariant();
        bool native = OpenBlasBackend.TryLoad() is not null;
        if (requested == "managed" || !native) Assert.Equal(ManagedBackend.Instance.Name, Blas.BackendName);
        else if (requested == "openblas") Assert.IsType<OpenBlasBackend>(Blas.Backend);
        else if (requested != "cuda") Assert.IsType<FastestGemmBackend>(Blas.Backend);
        Assert.False(string.IsNullOrWhiteSpace(Blas.Description));
    }

    [Fact]
    public void The_cuda_backend_starts_exactly_when_a_cuda_device_and_cusolver_are_present()
    {
        bool cusolver = CuSolverApi.TryLoad() is not null;
        bool device;
        using (var context = ILGPU.Context.Create(builder => builder.Cuda())) device = context.GetCudaDevices().Count > 0;
        using var cuda = CudaBackend.TryCreate(ManagedBackend.Instance);
        Assert.Equal(cusolver && device, cuda is not null);
    }

    private static void CheckEigensystem(string backend, double[] a, int n, double tolerance)
    {
        var v = (double[])a.Clone();
        var values = new double[n];
        Get(backend).SymmetricEigen(n, v.AsSpan(), n, values, vectors: true);
        for (int i = 1; i < n; i++) Assert.True(values[i - 1] <= values[i], $"eigenvalues not ascending at {i}");
        // V·A·Vᵀ = diag(values) and V·Vᵀ = I, with the eigenvectors as rows of V.
        var av = Multiply(a, v, n, n, n, transposeB: true);
        var vav = Multiply(v, av, n, n, n);
        var vvt = Multiply(v, v, n, n, n, transposeB: true);
        double scale = Math.Max(1, values.Select(Math.Abs).Max());
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(i == j ? values[i] : 0.0, vav[i * n + j], tolerance * scale);
                Assert.Equal(i == j ? 1.0 : 0.0, vvt[i * n + j], tolerance);
            }
    }

    private static double[] LowerPart(double[] l, int n)
    {
        var lower = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) lower[i * n + j] = l[i * n + j];
        return lower;
    }
}
