using System.Numerics;
using NeuralTangents.LinearAlgebra.Gemm;

namespace NeuralTangents.Tests.LinearAlgebra.Gemm;

/// <summary>
/// The packed GEMM against a double-precision product, for every micro-kernel this machine runs: odd sizes, edge
/// tiles, several depth blocks, transposes, strided operands, beta, the lower-triangle (SYRK) form, and the
/// rounding properties the input Gram relies on.
/// </summary>
public sealed class PackedGemmTests
{
    public static TheoryData<string> Kernels() => new(KernelNames());

    private static IEnumerable<string> KernelNames()
    {
        if (MicroKernel512.IsSupported) yield return "512";
        if (MicroKernel256.IsSupported) yield return "256";
    }

    public static TheoryData<string, int, int, int, bool, bool> Cases()
    {
        var data = new TheoryData<string, int, int, int, bool, bool>();
        foreach (string kernel in KernelNames())
            foreach (var (m, n, k) in new[] { (1, 1, 1), (13, 37, 5), (37, 29, 70), (100, 67, 300), (150, 130, 600) })
                foreach (bool ta in new[] { false, true })
                    foreach (bool tb in new[] { false, true })
                        data.Add(kernel, m, n, k, ta, tb);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float32_product_equals_the_double_product_to_rounding(string kernel, int m, int n, int k, bool ta, bool tb) =>
        CheckAgainstDouble<float>(kernel, m, n, k, ta, tb);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float64_product_equals_the_double_product_to_rounding(string kernel, int m, int n, int k, bool ta, bool tb) =>
        CheckAgainstDouble<double>(kernel, m, n, k, ta, tb);

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Strided_operands_and_output_leave_the_padding_alone(string kernel)
    {
        const int m = 29, n = 45, k = 31, lda = k + 3, ldb = n + 5, ldc = n + 7;
        var a = Random<double>(m * lda, 1);
        var b = Random<double>(k * ldb, 2);
        var c = Enumerable.Repeat(7.0, m * ldc).ToArray();
        Run(kernel, false, false, m, n, k, 1.0, a, lda, b, ldb, 0.0, c, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++) sum += a[i * lda + p] * b[p * ldb + j];
                Assert.Equal(sum, c[i * ldc + j], 1e-13);
            }
            for (int j = n; j < ldc; j++) Assert.Equal(7.0, c[i * ldc + j]);
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Beta_zero_ignores_what_the_output_held(string kernel)
    {
        const int m = 20, n = 40, k = 9;
        var a = Random<float>(m * k, 3);
        var b = Random<float>(n * k, 4);
        var clean = new float[m * n];
        var dirty = Enumerable.Repeat(float.NaN, m * n).ToArray();
        Run(kernel, false, true, m, n, k, 1f, a, k, b, k, 0f, clean, n);
        Run(kernel, false, true, m, n, k, 1f, a, k, b, k, 0f, dirty, n);
        Assert.Equal(clean, dirty);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void An_empty_sum_scales_the_output_by_beta(string kernel)
    {
        var c = new[] { 1.0, 2.0, 3.0, 4.0 };
        Run(kernel, false, false, 2, 2, 0, 1.0, Array.Empty<double>(), 1, Array.Empty<double>(), 2, 3.0, c, 2);
        Assert.Equal(new[] { 3.0, 6.0, 9.0, 12.0 }, c);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Lower_form_writes_exactly_the_lower_triangle_of_the_full_product(string kernel)
    {
        const int n = 77, k = 300;
        var a = Random<double>(n * k, 5);
        var full = new double[n * n];
        Run(kernel, false, true, n, n, k, 0.5, a, k, a, k, 0.0, full, n);
        var lower = Enumerable.Repeat(-1.0, n * n).ToArray();
        Lower(kernel, n, k, 0.5, a, lower);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                Assert.Equal(j <= i ? full[i * n + j] : -1.0, lower[i * n + j]);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Self_product_is_exactly_symmetric(string kernel)
    {
        const int n = 61, k = 784;
        var x = Random<float>(n * k, 6);
        var gram = new float[n * n];
        Run(kernel, false, true, n, n, k, 1f / k, x, k, x, k, 0f, gram, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) Assert.Equal(gram[j * n + i], gram[i * n + j]);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void An_entry_does_not_depend_on_the_shape_of_the_call(string kernel)
    {
        // The input Gram's fixed cells rely on this less strictly; the packed GEMM gives it outright.
        const int m = 90, n = 110, k = 520, r0 = 17, c0 = 35, rows = 41, cols = 29;
        var a = Random<float>(m * k, 7);
        var b = Random<float>(n * k, 8);
        var whole = new float[m * n];
        Run(kernel, false, true, m, n, k, 0.25f, a, k, b, k, 0f, whole, n);
        var part = new float[rows * cols];
        Run(kernel, false, true, rows, cols, k, 0.25f, a.AsSpan(r0 * k).ToArray(), k, b.AsSpan(c0 * k).ToArray(), k, 0f, part, cols);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) Assert.Equal(whole[(r0 + i) * n + c0 + j], part[i * cols + j]);
    }

    private static void CheckAgainstDouble<T>(string kernel, int m, int n, int k, bool ta, bool tb)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int lda = ta ? m : k, ldb = tb ? k : n;
        var a = Random<T>(m * k, 11);
        var b = Random<T>(k * n, 12);
        var c = Random<T>(m * n, 13);
        T alpha = T.CreateTruncating(0.75), beta = T.CreateTruncating(-2.0);
        var result = (T[])c.Clone();
        Run(kernel, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, result, n);
        double eps = NeuralTangents.LinearAlgebra.VectorKernels.Epsilon<T>();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    double term = double.CreateTruncating(ta ? a[p * lda + i] : a[i * lda + p]) * double.CreateTruncating(tb ? b[j * ldb + p] : b[p * ldb + j]);
                    sum += term;
                    magnitude += Math.Abs(term);
                }
                double old = double.CreateTruncating(c[i * n + j]);
                double expected = 0.75 * sum - 2.0 * old;
                // Each step of a length-k sum rounds once: |error| ≤ k·ε·Σ|terms|, plus the final scaling and add.
                double tolerance = (k + 3) * eps * (0.75 * magnitude + 2.0 * Math.Abs(old));
                double actual = double.CreateTruncating(result[i * n + j]);
                Assert.True(Math.Abs(actual - expected) <= tolerance,
                    $"entry ({i}, {j}): {actual} vs {expected}, tolerance {tolerance:E2}");
            }
    }

    private static T[] Random<T>(int length, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(seed);
        return Enumerable.Range(0, length).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5)).ToArray();
    }

    private static void Run<T>(string kernel, bool ta, bool tb, int m, int n, int k, T alpha,
        T[] a, int lda, T[] b, int ldb, T beta, T[] c, int ldc) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (kernel == "512") PackedGemm<MicroKernel512>.Gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        else PackedGemm<MicroKernel256>.Gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    private static void Lower(string kernel, int n, int k, double alpha, double[] a, double[] c)
    {
        if (kernel == "512") PackedGemm<MicroKernel512>.Gemm(false, true, n, n, k, alpha, a, k, a, k, 0.0, c, n, lowerOnly: true);
        else PackedGemm<MicroKernel256>.Gemm(false, true, n, n, k, alpha, a, k, a, k, 0.0, c, n, lowerOnly: true);
    }
}
