using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralTangents.LinearAlgebra;

/// <summary>
/// The system's OpenBLAS (CBLAS for level 3, its bundled LAPACK for factorizations), bound at run time through
/// function pointers so that nothing links against it at build time.
/// </summary>
/// <remarks>
/// LAPACK is column-major. A row-major lower triangle is, read column-major, an upper triangle, so Cholesky
/// and the eigensolver are called with <c>uplo = 'U'</c>; the eigenvectors LAPACK writes as columns land as
/// rows of the row-major matrix. Integers are 32-bit (Debian's <c>libopenblas0</c>, not the 64-bit variant).
/// Fortran routines also take hidden lengths of their character arguments, passed as 1.
/// </remarks>
internal sealed unsafe class OpenBlasBackend : ILinearAlgebraBackend
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112, Lower = 122, Left = 141, Right = 142, NonUnit = 131;
    private static readonly string[] Candidates = { "libopenblas.so.0", "libopenblas.so", "libopenblas.dll", "libopenblas.dylib" };

    // LAPACK's factorizations are serialized: OpenBLAS already spreads each call over all cores, and its
    // thread-pool state is not documented as safe for concurrent LAPACK calls from several managed threads.
    private static readonly Lock LapackLock = new();

    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;
    private readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> _dgemm;
    private readonly delegate* unmanaged<int, int, int, int, int, float, float*, int, float, float*, int, void> _ssyrk;
    private readonly delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int, void> _dsyrk;
    private readonly delegate* unmanaged<int, int, int, int, int, int, int, float, float*, int, float*, int, void> _strsm;
    private readonly delegate* unmanaged<int, int, int, int, int, int, int, double, double*, int, double*, int, void> _dtrsm;
    private readonly delegate* unmanaged<byte*, int*, float*, int*, int*, nuint, void> _spotrf;
    private readonly delegate* unmanaged<byte*, int*, double*, int*, int*, nuint, void> _dpotrf;
    private readonly delegate* unmanaged<byte*, byte*, int*, float*, int*, float*, float*, int*, int*, int*, int*, nuint, nuint, void> _ssyevd;
    private readonly delegate* unmanaged<byte*, byte*, int*, double*, int*, double*, double*, int*, int*, int*, int*, nuint, nuint, void> _dsyevd;

    private OpenBlasBackend(string library, IReadOnlyDictionary<string, IntPtr> f, string? config, string? core)
    {
        Config = config;
        Core = core;
        Name = $"{config ?? "OpenBLAS"}{(core is null ? "" : $", core {core}")} ({library})";
        _sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)f["cblas_sgemm"];
        _dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)f["cblas_dgemm"];
        _ssyrk = (delegate* unmanaged<int, int, int, int, int, float, float*, int, float, float*, int, void>)f["cblas_ssyrk"];
        _dsyrk = (delegate* unmanaged<int, int, int, int, int, double, double*, int, double, double*, int, void>)f["cblas_dsyrk"];
        _strsm = (delegate* unmanaged<int, int, int, int, int, int, int, float, float*, int, float*, int, void>)f["cblas_strsm"];
        _dtrsm = (delegate* unmanaged<int, int, int, int, int, int, int, double, double*, int, double*, int, void>)f["cblas_dtrsm"];
        _spotrf = (delegate* unmanaged<byte*, int*, float*, int*, int*, nuint, void>)f["spotrf_"];
        _dpotrf = (delegate* unmanaged<byte*, int*, double*, int*, int*, nuint, void>)f["dpotrf_"];
        _ssyevd = (delegate* unmanaged<byte*, byte*, int*, float*, int*, float*, float*, int*, int*, int*, int*, nuint, nuint, void>)f["ssyevd_"];
        _dsyevd = (delegate* unmanaged<byte*, byte*, int*, double*, int*, double*, double*, int*, int*, int*, int*, nuint, nuint, void>)f["dsyevd_"];
    }

    private static readonly string[] Symbols =
    {
        "cblas_sgemm", "cblas_dgemm", "cblas_ssyrk", "cblas_dsyrk", "cblas_strsm", "cblas_dtrsm",
        "spotrf_", "dpotrf_", "ssyevd_", "dsyevd_",
    };

    /// <summary>
    /// A readable name with the build and the core OpenBLAS chose, e.g.
    /// "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64, core Haswell (libopenblas.so.0)".
    /// </summary>
    public string Name { get; }

    /// <summary>The build description (<c>openblas_get_config</c>), null when the library does not export it.</summary>
    public string? Config { get; }

    /// <summary>
    /// The core whose kernels OpenBLAS runs (<c>openblas_get_corename</c>): chosen from the CPU at load unless
    /// <c>OPENBLAS_CORETYPE</c> names one; an OpenBLAS older than the CPU falls back to slower kernels. Null when
    /// the library does not export it.
    /// </summary>
    public string? Core { get; }

    /// <summary>Loads OpenBLAS with every routine this backend needs, or returns null.</summary>
    public static OpenBlasBackend? TryLoad()
    {
        foreach (string candidate in Candidates)
        {
            if (!NativeLibrary.TryLoad(candidate, out var handle)) continue;
            var functions = new Dictionary<string, IntPtr>();
            foreach (string symbol in Symbols)
                if (NativeLibrary.TryGetExport(handle, symbol, out var address)) functions[symbol] = address;
            if (functions.Count == Symbols.Length)
                return new OpenBlasBackend(candidate, functions, Describe(handle, "openblas_get_config"), Describe(handle, "openblas_get_corename"));
        }
        return null;
    }

    // One of OpenBLAS's `char* f(void)` descriptions, trimmed, or null when not exported.
    private static string? Describe(IntPtr library, string symbol)
    {
        if (!NativeLibrary.TryGetExport(library, symbol, out var address)) return null;
        var text = Marshal.PtrToStringUTF8((IntPtr)((delegate* unmanaged<byte*>)address)())?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
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

    public void SyrkLower<T>(bool transpose, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int trans = transpose ? Trans : NoTrans;
        fixed (T* pa = a)
        fixed (T* pc = c)
        {
            if (typeof(T) == typeof(float))
                _ssyrk(RowMajor, Lower, trans, n, k, float.CreateTruncating(alpha), (float*)pa, lda, float.CreateTruncating(beta), (float*)pc, ldc);
            else
                _dsyrk(RowMajor, Lower, trans, n, k, double.CreateTruncating(alpha), (double*)pa, lda, double.CreateTruncating(beta), (double*)pc, ldc);
        }
    }

    public int CholeskyLower<T>(int n, Span<T> a, int lda) where T : unmanaged, IFloatingPointIeee754<T>
    {
        byte uplo = (byte)'U';
        int info = 0;
        fixed (T* pa = a)
        {
            lock (LapackLock)
            {
                if (typeof(T) == typeof(float)) _spotrf(&uplo, &n, (float*)pa, &lda, &info, 1);
                else _dpotrf(&uplo, &n, (double*)pa, &lda, &info, 1);
            }
        }
        if (info < 0) throw new InvalidOperationException($"LAPACK potrf rejected argument {-info} (n = {n}, lda = {lda}).");
        return info;
    }

    public void TriangularSolveLower<T>(bool left, bool transpose, int m, int p, T alpha,
        ReadOnlySpan<T> l, int ldl, Span<T> b, int ldb) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int side = left ? Left : Right, trans = transpose ? Trans : NoTrans;
        fixed (T* pl = l)
        fixed (T* pb = b)
        {
            if (typeof(T) == typeof(float))
                _strsm(RowMajor, side, Lower, trans, NonUnit, m, p, float.CreateTruncating(alpha), (float*)pl, ldl, (float*)pb, ldb);
            else
                _dtrsm(RowMajor, side, Lower, trans, NonUnit, m, p, double.CreateTruncating(alpha), (double*)pl, ldl, (double*)pb, ldb);
        }
    }

    public void SymmetricEigen<T>(int n, Span<T> a, int lda, Span<T> eigenvalues, bool vectors)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        byte jobz = vectors ? (byte)'V' : (byte)'N', uplo = (byte)'U';
        int info = 0;
        fixed (T* pa = a)
        fixed (T* pw = eigenvalues)
        {
            lock (LapackLock)
            {
                // Workspace query (lwork = liwork = -1) first, then the call itself.
                int query = -1, iworkSize = 0;
                T workSize = T.Zero;
                Syevd(&jobz, &uplo, &n, pa, &lda, pw, &workSize, &query, &iworkSize, &query, &info);
                if (info != 0) throw new InvalidOperationException($"LAPACK syevd workspace query failed with info = {info} (n = {n}).");
                int lwork = Math.Max(1, (int)double.CreateTruncating(workSize) + 1), liwork = Math.Max(1, iworkSize);
                var work = new T[lwork];
                var iwork = new int[liwork];
                fixed (T* pwork = work)
                fixed (int* piwork = iwork)
                    Syevd(&jobz, &uplo, &n, pa, &lda, pw, pwork, &lwork, piwork, &liwork, &info);
            }
        }
        if (info < 0) throw new InvalidOperationException($"LAPACK syevd rejected argument {-info} (n = {n}, lda = {lda}).");
        if (info > 0) throw new ArithmeticException($"The symmetric eigensolver (LAPACK syevd) did not converge (info = {info}, n = {n}); the matrix may hold NaN or infinite values.");
    }

    private void Syevd<T>(byte* jobz, byte* uplo, int* n, T* a, int* lda, T* w, T* work, int* lwork, int* iwork, int* liwork, int* info)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float)) _ssyevd(jobz, uplo, n, (float*)a, lda, (float*)w, (float*)work, lwork, iwork, liwork, info, 1, 1);
        else _dsyevd(jobz, uplo, n, (double*)a, lda, (double*)w, (double*)work, lwork, iwork, liwork, info, 1, 1);
    }
}
