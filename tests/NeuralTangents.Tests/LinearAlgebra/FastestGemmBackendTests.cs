using NeuralTangents.LinearAlgebra;

namespace NeuralTangents.Tests.LinearAlgebra;

/// <summary>
/// The choice between OpenBLAS and the managed GEMM: the faster measured one per precision, measured once, and the
/// <c>NEURALTANGENTS_BLAS</c> values that override it. Timings are injected; no test asserts a time.
/// </summary>
public sealed class FastestGemmBackendTests
{
    private static readonly OpenBlasBackend? Native = OpenBlasBackend.TryLoad();

    [Theory]
    [InlineData(2.0, 1.0, true)]
    [InlineData(1.0, 2.0, false)]
    [InlineData(1.0, 1.0, false)]
    public void The_shorter_measured_time_wins_and_a_tie_keeps_OpenBLAS(double native, double managed, bool managedChosen)
    {
        var choice = GemmChoice.Faster(native, managed);
        Assert.Equal(managedChosen, choice.Managed);
        Assert.StartsWith(managedChosen ? "managed" : "OpenBLAS", choice.ToString());
    }

    [Fact]
    public void Each_precision_gets_its_own_choice_measured_once()
    {
        if (Native is null) return; // the choice exists only beside OpenBLAS
        var measured = new List<Type>();
        var backend = new FastestGemmBackend(Native, precision =>
        {
            measured.Add(precision);
            return precision == typeof(float) ? (2.0, 1.0) : (1.0, 2.0);
        });
        Assert.Empty(measured); // naming the backend measures nothing
        Assert.Contains("GEMM", backend.Name);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(backend.ChoiceFor<float>().Managed);
            Assert.False(backend.ChoiceFor<double>().Managed);
        }
        Assert.Contains("float32 GEMM: managed", backend.Describe());
        Assert.Contains("float64 GEMM: OpenBLAS", backend.Describe());
        Assert.Equal(new[] { typeof(float), typeof(double) }, measured);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Whichever_is_chosen_computes_the_product_and_the_lower_triangle(bool managedFaster)
    {
        if (Native is null) return;
        var backend = new FastestGemmBackend(Native, _ => managedFaster ? (2.0, 1.0) : (1.0, 2.0));
        const int m = 23, n = 31, k = 300;
        var a = BackendCases.RandomMatrix(m, k, 1);
        var b = BackendCases.RandomMatrix(n, k, 2);
        var c = new double[m * n];
        backend.Gemm(false, true, m, n, k, 1.0, a, k, b, k, 0.0, c, n);
        var expected = BackendCases.Multiply(a, b, m, k, n, transposeB: true);
        for (int i = 0; i < c.Length; i++) Assert.Equal(expected[i], c[i], 1e-12);

        var gram = new double[m * m];
        backend.SyrkLower(false, m, k, 1.0, a, k, 0.0, gram, m);
        var expectedGram = BackendCases.Multiply(a, a, m, k, m, transposeB: true);
        for (int i = 0; i < m; i++)
            for (int j = 0; j <= i; j++) Assert.Equal(expectedGram[i * m + j], gram[i * m + j], 1e-12);
    }

    [Theory]
    [InlineData("managed", typeof(ManagedBackend))]
    [InlineData("openblas", typeof(OpenBlasBackend))]
    [InlineData("auto", typeof(FastestGemmBackend))]
    [InlineData(null, typeof(FastestGemmBackend))]
    public void The_environment_value_picks_the_cpu_backend(string? requested, Type expected)
    {
        var backend = Blas.Cpu(requested);
        Assert.IsType(Native is null ? typeof(ManagedBackend) : expected, backend);
    }

    [Fact]
    public void The_probe_times_both_implementations()
    {
        if (Native is null) return;
        var (native, managed) = FastestGemmBackend.Measure<float>(Native);
        Assert.True(native > 0 && double.IsFinite(native));
        Assert.True(managed > 0 && double.IsFinite(managed));
    }
}
