using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using NeuralTangents.Engine;

namespace NeuralTangents.LinearAlgebra;

/// <summary>
/// The CUDA backend: GEMM, SYRK and triangular solves through ILGPU's cuBLAS binding, Cholesky and the
/// symmetric eigendecomposition through cuSOLVER. Each call copies its operands to the device and the result
/// back. Selected only with <c>NEURALTANGENTS_BLAS=cuda</c> (host GEMMs of small tiles are faster on the CPU).
/// UNTESTED: it was written and compiled on machines without a GPU; its test only checks that it declines to
/// start where no CUDA device is present.
/// </summary>
/// <remarks>
/// cuBLAS and cuSOLVER are column-major: a row-major matrix is read as its transpose, so a row-major lower
/// triangle is a column-major upper one (fill mode upper), a row-major product C = op(A)·op(B) is computed as
/// Cᵀ = op(B)ᵀ·op(A)ᵀ, and a triangular solve changes side. A failed factorization is diagnosed again on the
/// host (OpenBLAS or managed) so that the exception carries the exact failing pivot and its value.
/// </remarks>
internal sealed unsafe class CudaBackend : ILinearAlgebraBackend, IDisposable
{
    private const int FillUpper = 1, EigenVectors = 1, EigenValuesOnly = 0;
    private readonly Context _context;
    private readonly CudaAccelerator _accelerator;
    private readonly CuBlas _blas;
    private readonly CuSolverApi _solver;
    private readonly IntPtr _solverHandle;
    private readonly ILinearAlgebraBackend _host;
    private readonly Lock _lock = new();

    private CudaBackend(Context context, CudaAccelerator accelerator, CuSolverApi solver, ILinearAlgebraBackend host)
    {
        _context = context;
        _accelerator = accelerator;
        _solver = solver;
        _host = host;
        _blas = new CuBlas(accelerator);
        IntPtr handle;
        CuSolverApi.Check(solver.Create(&handle), "cusolverDnCreate");
        _solverHandle = handle;
        var stream = (CudaStream)accelerator.DefaultStream;
        CuSolverApi.Check(solver.SetStream(handle, stream.StreamPtr), "cusolverDnSetStream");
        Name = $"CUDA ({accelerator.Name}; cuBLAS via ILGPU, cuSOLVER)";
    }

    public string Name { get; }

    /// <summary>Starts on the first CUDA device, or returns null when there is none or cuSOLVER is missing.</summary>
    public static CudaBackend? TryCreate(ILinearAlgebraBackend host)
    {
        var solver = CuSolverApi.TryLoad();
        if (solver is null) return null;
        Context? context = null;
        try
        {
            context = Context.Create(builder => builder.Cuda());
            var devices = context.GetCudaDevices();
            if (devices.Count == 0)
            {
                context.Dispose();
                return null;
            }
            return new CudaBackend(context, devices[0].CreateCudaAccelerator(context), solver, host);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            context?.Dispose();
            return null;
        }
    }

    public void Gemm<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        lock (_lock)
        {
            using var da = Upload(a);
            using var db = Upload(b);
            using var dc = Upload<T>(c);
            // Row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ with the operands swapped.
            var opA = transposeA ? CuBlasOperation.Transpose : CuBlasOperation.NonTranspose;
            var opB = transposeB ? CuBlasOperation.Transpose : CuBlasOperation.NonTranspose;
            if (typeof(T) == typeof(float))
                _blas.Gemm(opB, opA, n, m, k, float.CreateTruncating(alpha), db.Flat().Cast<float>(), ldb, da.Flat().Cast<float>(), lda, float.CreateTruncating(beta), dc.Flat().Cast<float>(), ldc);
            else
                _blas.Gemm(opB, opA, n, m, k, double.CreateTruncating(alpha), db.Flat().Cast<double>(), ldb, da.Flat().Cast<double>(), lda, double.CreateTruncating(beta), dc.Flat().Cast<double>(), ldc);
            Download(dc, c);
        }
    }

    public void SyrkLower<T>(bool transpose, int n, int k, T alpha, ReadOnlySpan<T> a, int lda, T beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        lock (_lock)
        {
            using var da = Upload(a);
            using var dc = Upload<T>(c);
            // Row-major A (n×k) is column-major Aᵀ, so A·Aᵀ is (Aᵀ)ᵀ·Aᵀ: SYRK with Transpose on the upper triangle.
            var op = transpose ? CuBlasOperation.NonTranspose : CuBlasOperation.Transpose;
            if (typeof(T) == typeof(float))
                _blas.Syrk(CuBlasFillMode.Upper, op, n, k, float.CreateTruncating(alpha), da.Flat().Cast<float>(), lda, float.CreateTruncating(beta), dc.Flat().Cast<float>(), ldc);
            else
                _blas.Syrk(CuBlasFillMode.Upper, op, n, k, double.CreateTruncating(alpha), da.Flat().Cast<double>(), lda, double.CreateTruncating(beta), dc.Flat().Cast<double>(), ldc);
            Download(dc, c);
        }
    }

    public int CholeskyLower<T>(int n, Span<T> a, int lda) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int info;
        lock (_lock)
        {
            using var da = Upload<T>(a);
            using var dinfo = _accelerator.Allocate1D<int>(1);
            int lwork = 0;
            bool single = typeof(T) == typeof(float);
            CuSolverApi.Check(single
                ? _solver.SpotrfBufferSize(_solverHandle, FillUpper, n, da.NativePtr, lda, &lwork)
                : _solver.DpotrfBufferSize(_solverHandle, FillUpper, n, da.NativePtr, lda, &lwork), "potrf_bufferSize");
            using var work = _accelerator.Allocate1D<T>(Math.Max(1, lwork));
            CuSolverApi.Check(single
                ? _solver.Spotrf(_solverHandle, FillUpper, n, da.NativePtr, lda, work.NativePtr, lwork, dinfo.NativePtr)
                : _solver.Dpotrf(_solverHandle, FillUpper, n, da.NativePtr, lda, work.NativePtr, lwork, dinfo.NativePtr), "potrf");
            _accelerator.Synchronize();
            var infoHost = new int[1];
            dinfo.CopyToCPU(infoHost);
            info = infoHost[0];
            if (info == 0) Download(da, a);
        }
        if (info < 0) throw new InvalidOperationException($"cuSOLVER potrf rejected argument {-info} (n = {n}, lda = {lda}).");
        // cuSOLVER does not document what the failing diagonal entry holds: the host backend recomputes it.
        return info == 0 ? 0 : _host.CholeskyLower(n, a, lda);
    }

    public void TriangularSolveLower<T>(bool left, bool transpose, int m, int p, T alpha,
        ReadOnlySpan<T> l, int ldl, Span<T> b, int ldb) where T : unmanaged, IFloatingPointIeee754<T>
    {
        lock (_lock)
        {
            int order = left ? m : p;
            using var dl = Upload(l[..((order - 1) * ldl + order)]);
            using var dbuf = Upload<T>(b);
            // Column-major: L is Lᵀ (upper), B is Bᵀ (p×m), and the side flips.
            var side = left ? CuBlasSideMode.Right : CuBlasSideMode.Left;
            var op = transpose ? CuBlasOperation.Transpose : CuBlasOperation.NonTranspose;
            if (typeof(T) == typeof(float))
                _blas.Trsm(side, CuBlasFillMode.Upper, op, CuBlasDiagType.NonUnit, p, m, float.CreateTruncating(alpha), dl.Flat().Cast<float>(), ldl, dbuf.Flat().Cast<float>(), ldb);
            else
                _blas.Trsm(side, CuBlasFillMode.Upper, op, CuBlasDiagType.NonUnit, p, m, double.CreateTruncating(alpha), dl.Flat().Cast<double>(), ldl, dbuf.Flat().Cast<double>(), ldb);
            Download(dbuf, b);
        }
    }

    public void SymmetricEigen<T>(int n, Span<T> a, int lda, Span<T> eigenvalues, bool vectors)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int info;
        lock (_lock)
        {
            using var da = Upload<T>(a);
            using var dw = _accelerator.Allocate1D<T>(Math.Max(1, n));
            using var dinfo = _accelerator.Allocate1D<int>(1);
            int job = vectors ? EigenVectors : EigenValuesOnly, lwork = 0;
            bool single = typeof(T) == typeof(float);
            CuSolverApi.Check(single
                ? _solver.SsyevdBufferSize(_solverHandle, job, FillUpper, n, da.NativePtr, lda, dw.NativePtr, &lwork)
                : _solver.DsyevdBufferSize(_solverHandle, job, FillUpper, n, da.NativePtr, lda, dw.NativePtr, &lwork), "syevd_bufferSize");
            using var work = _accelerator.Allocate1D<T>(Math.Max(1, lwork));
            CuSolverApi.Check(single
                ? _solver.Ssyevd(_solverHandle, job, FillUpper, n, da.NativePtr, lda, dw.NativePtr, work.NativePtr, lwork, dinfo.NativePtr)
                : _solver.Dsyevd(_solverHandle, job, FillUpper, n, da.NativePtr, lda, dw.NativePtr, work.NativePtr, lwork, dinfo.NativePtr), "syevd");
            _accelerator.Synchronize();
            var infoHost = new int[1];
            dinfo.CopyToCPU(infoHost);
            info = infoHost[0];
            dw.Flat().SubView(0, n).CopyToCPU(eigenvalues[..n]);
            // Eigenvectors come back as column-major columns, i.e. as rows of the row-major matrix.
            if (vectors) Download(da, a);
        }
        if (info < 0) throw new InvalidOperationException($"cuSOLVER syevd rejected argument {-info} (n = {n}, lda = {lda}).");
        if (info > 0) throw new ArithmeticException($"The symmetric eigensolver (cuSOLVER syevd) did not converge (info = {info}, n = {n}); the matrix may hold NaN or infinite values.");
    }

    public void Dispose()
    {
        _solver.Destroy(_solverHandle);
        _blas.Dispose();
        _accelerator.Dispose();
        _context.Dispose();
    }

    private MemoryBuffer1D<T, Stride1D.Dense> Upload<T>(ReadOnlySpan<T> host) where T : unmanaged
    {
        var buffer = _accelerator.Allocate1D<T>(Math.Max(1, host.Length));
        if (host.Length > 0) buffer.Flat().SubView(0, host.Length).CopyFromCPU(host);
        return buffer;
    }

    private static void Download<T>(MemoryBuffer1D<T, Stride1D.Dense> device, Span<T> host) where T : unmanaged
    {
        if (host.Length > 0) device.Flat().SubView(0, host.Length).CopyToCPU(host);
    }
}
