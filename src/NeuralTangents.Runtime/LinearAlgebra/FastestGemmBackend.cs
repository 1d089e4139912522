using System.Diagnostics;
using System.Numerics;

namespace NeuralTangents.LinearAlgebra;

/// <summary>
/// The default CPU backend when OpenBLAS loads: its LAPACK for factorizations and eigensystems, and for GEMM and
/// SYRK whichever of OpenBLAS and the managed packed GEMM is faster on this machine, per precision, measured once
/// on the first call in that precision (<see cref="GemmChoice.ProbeRows"/>×<see cref="GemmChoice.ProbeColumns"/>
/// ×<see cref="GemmChoice.ProbeDepth"/>, the input Gram's shape). An OpenBLAS that does not know the CPU runs slow
/// generic kernels, and the managed GEMM takes over.
/// </summary>
internal sealed class FastestGemmBackend : ILinearAlgebraBackend
{
    private readonly OpenBlasBackend _native;
    private readonly Lazy<GemmChoice> _single, _double;

    /// <param name="native">OpenBLAS.</param>
    /// <param name="measure">
    /// Times one probe GEMM of the given precision by OpenBLAS and by the managed GEMM, in seconds (the default
    /// <see cref="Measure{T}"/>; tests pass their own).
    /// </param>
    public FastestGemmBackend(OpenBlasBackend native, Func<Type, (double Native, double Managed)>? measure = null)
    {
        _native = native;
        measure ??= precision => precision == typeof(float) ? Measure<float>(native) : Measure<double>(native);
        _single = new(() => Choose(measure(typeof(float))));
        _double = new(() => Choose(measure(typeof(double))));
    }

    /// <summary>OpenBLAS's name and that of the managed GEMM it is measured against; no measurement is made.</summary>
    public string Name => $"{_native.Name}; GEMM: the faster of it and the {ManagedGemm.Description}, measured per precision";

    /// <summary>The choice for <typeparamref name="T"/>, measured on the first request.</summary>
    public GemmChoice ChoiceFor<T>() => typeof(T) == typeof(float) ? _single.Value : _double.Value;

    /// <summary>OpenBLAS's name and the choice for each precision (measures what is not measured yet).</summary>
    public string Describe() =>
        $"{_native.Name}; float32 GEMM: {ChoiceFor<float>()}; float64 GEMM: {ChoiceFor<double>()}; managed is the {ManagedGemm.Description}";

    public void Gemm<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (ChoiceFor<T>().Managed) ManagedGemm.Gemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        else _native.Gemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    public void SyrkLower<T>(bool transpose, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (ChoiceFor<T>().Managed) ManagedSyrk.SyrkLower(transpose, n, k, alpha, a, lda, beta, c, ldc);
        else _native.SyrkLower(transpose, n, k, alpha, a, lda, beta, c, ldc);
    }

    public int CholeskyLower<T>(int n, Span<T> a, int lda) where T : unmanaged, IFloatingPointIeee754<T> =>
        _native.CholeskyLower(n, a, lda);

    public void TriangularSolveLower<T>(bool left, bool transpose, int m, int p, T alpha,
        ReadOnlySpan<T> l, int ldl, Span<T> b, int ldb) where T : unmanaged, IFloatingPointIeee754<T> =>
        _native.TriangularSolveLower(left, transpose, m, p, alpha, l, ldl, b, ldb);

    public void SymmetricEigen<T>(int n, Span<T> a, int lda, Span<T> eigenvalues, bool vectors)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        _native.SymmetricEigen(n, a, lda, eigenvalues, vectors);

    private static GemmChoice Choose((double Native, double Managed) seconds) => GemmChoice.Faster(seconds.Native, seconds.Managed);

    /// <summary>
    /// The probe: C = A·Bᵀ/k of the input Gram's shape, each implementation twice to warm up (thread pools, code; at
    /// the start of a process the JIT's background work competes too), then the best of four runs. The managed runs come first: OpenBLAS's threads keep spinning for a while after
    /// each of its calls, and on a machine with few cores whatever runs next pays for that.
    /// </summary>
    internal static (double Native, double Managed) Measure<T>(OpenBlasBackend native) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int m = GemmChoice.ProbeRows, n = GemmChoice.ProbeColumns, k = GemmChoice.ProbeDepth;
        var random = new System.Random(1);
        var a = new T[m * k];
        var b = new T[n * k];
        for (int i = 0; i < a.Length; i++) a[i] = T.CreateTruncating(random.NextDouble() - 0.5);
        for (int i = 0; i < b.Length; i++) b[i] = T.CreateTruncating(random.NextDouble() - 0.5);
        var c = new T[m * n];
        T alpha = T.One / T.CreateTruncating(k);
        double managed = Best(() => ManagedGemm.Gemm(false, true, m, n, k, alpha, a, k, b, k, T.Zero, c, n));
        return (Best(() => native.Gemm(false, true, m, n, k, alpha, a, k, b, k, T.Zero, c, n)), managed);
    }

    // Two warm-up runs, then the shortest of four, in seconds.
    private static double Best(Action run)
    {
        run();
        run();
        double best = double.MaxValue;
        for (int i = 0; i < 4; i++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return best;
    }
}
