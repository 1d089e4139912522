using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralTangents.LinearAlgebra;

/// <summary>cblas_sgemm / cblas_dgemm from the system's OpenBLAS, bound at run time (no link-time dependency).</summary>
internal sealed unsafe class OpenBlasGemm : IGemmBackend
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;
    private static readonly string[] Candidates = { "libopenblas.so.0", "libopenblas.so", "libopenblas.dll", "libopenblas.dylib" };

    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;
    private readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> _dgemm;

    private OpenBlasGemm(string library, IntPtr sgemm, IntPtr dgemm)
    {
        Name = $"OpenBLAS ({library})";
        _sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)sgemm;
        _dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)dgemm;
    }

    public string Name { get; }

    /// <summary>Loads OpenBLAS if the system has it, else returns null.</summary>
    public static OpenBlasGemm? TryLoad()
    {
        foreach (string candidate in Candidates)
        {
            if (NativeLibrary.TryLoad(candidate, out var handle)
                && NativeLibrary.TryGetExport(handle, "cblas_sgemm", out var sgemm)
                && NativeLibrary.TryGetExport(handle, "cblas_dgemm", out var dgemm))
                return new OpenBlasGemm(candidate, sgemm, dgemm);
        }
        return null;
    }

    public void Gemm<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ta = transposeA ? Trans : NoTrans, tb = transposeB ? Trans : NoTrans;
        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        {
            if (typeof(T) == typeof(float))
                _sgemm(RowMajor, ta, tb, m, n, k, float.CreateTruncating(alpha), (float*)pa, lda, (float*)pb, ldb, float.CreateTruncating(beta), (float*)pc, ldc);
            else
                _dgemm(RowMajor, ta, tb, m, n, k, double.CreateTruncating(alpha), (double*)pa, lda, (double*)pb, ldb, double.CreateTruncating(beta), (double*)pc, ldc);
        }
    }
}
