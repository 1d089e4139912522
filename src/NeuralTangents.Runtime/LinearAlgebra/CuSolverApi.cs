using System.Runtime.InteropServices;

namespace NeuralTangents.LinearAlgebra;

/// <summary>
/// The few cuSOLVER dense routines the CUDA backend needs (Cholesky and symmetric eigendecomposition), bound at
/// run time from <c>libcusolver</c> through function pointers like the OpenBLAS binding; ILGPU wraps cuBLAS
/// but not cuSOLVER. Status 0 is success.
/// </summary>
internal sealed unsafe class CuSolverApi
{
    private static readonly string[] Candidates = { "libcusolver.so.11", "libcusolver.so.12", "libcusolver.so", "cusolver64_11.dll", "cusolver64_12.dll" };

    public readonly delegate* unmanaged<IntPtr*, int> Create;
    public readonly delegate* unmanaged<IntPtr, int> Destroy;
    public readonly delegate* unmanaged<IntPtr, IntPtr, int> SetStream;
    public readonly delegate* unmanaged<IntPtr, int, int, IntPtr, int, int*, int> SpotrfBufferSize;
    public readonly delegate* unmanaged<IntPtr, int, int, IntPtr, int, int*, int> DpotrfBufferSize;
    public readonly delegate* unmanaged<IntPtr, int, int, IntPtr, int, IntPtr, int, IntPtr, int> Spotrf;
    public readonly delegate* unmanaged<IntPtr, int, int, IntPtr, int, IntPtr, int, IntPtr, int> Dpotrf;
    public readonly delegate* unmanaged<IntPtr, int, int, int, IntPtr, int, IntPtr, int*, int> SsyevdBufferSize;
    public readonly delegate* unmanaged<IntPtr, int, int, int, IntPtr, int, IntPtr, int*, int> DsyevdBufferSize;
    public readonly delegate* unmanaged<IntPtr, int, int, int, IntPtr, int, IntPtr, IntPtr, int, IntPtr, int> Ssyevd;
    public readonly delegate* unmanaged<IntPtr, int, int, int, IntPtr, int, IntPtr, IntPtr, int, IntPtr, int> Dsyevd;

    private CuSolverApi(IReadOnlyDictionary<string, IntPtr> f)
    {
        Create = (delegate* unmanaged<IntPtr*, int>)f["cusolverDnCreate"];
        Destroy = (delegate* unmanaged<IntPtr, int>)f["cusolverDnDestroy"];
        SetStream = (delegate* unmanaged<IntPtr, IntPtr, int>)f["cusolverDnSetStream"];
        SpotrfBufferSize = (delegate* unmanaged<IntPtr, int, int, IntPtr, int, int*, int>)f["cusolverDnSpotrf_bufferSize"];
        DpotrfBufferSize = (delegate* unmanaged<IntPtr, int, int, IntPtr, int, int*, int>)f["cusolverDnDpotrf_bufferSize"];
        Spotrf = (delegate* unmanaged<IntPtr, int, int, IntPtr, int, IntPtr, int, IntPtr, int>)f["cusolverDnSpotrf"];
        Dpotrf = (delegate* unmanaged<IntPtr, int, int, IntPtr, int, IntPtr, int, IntPtr, int>)f["cusolverDnDpotrf"];
        SsyevdBufferSize = (delegate* unmanaged<IntPtr, int, int, int, IntPtr, int, IntPtr, int*, int>)f["cusolverDnSsyevd_bufferSize"];
        DsyevdBufferSize = (delegate* unmanaged<IntPtr, int, int, int, IntPtr, int, IntPtr, int*, int>)f["cusolverDnDsyevd_bufferSize"];
        Ssyevd = (delegate* unmanaged<IntPtr, int, int, int, IntPtr, int, IntPtr, IntPtr, int, IntPtr, int>)f["cusolverDnSsyevd"];
        Dsyevd = (delegate* unmanaged<IntPtr, int, int, int, IntPtr, int, IntPtr, IntPtr, int, IntPtr, int>)f["cusolverDnDsyevd"];
    }

    private static readonly string[] Symbols =
    {
        "cusolverDnCreate", "cusolverDnDestroy", "cusolverDnSetStream",
        "cusolverDnSpotrf_bufferSize", "cusolverDnDpotrf_bufferSize", "cusolverDnSpotrf", "cusolverDnDpotrf",
        "cusolverDnSsyevd_bufferSize", "cusolverDnDsyevd_bufferSize", "cusolverDnSsyevd", "cusolverDnDsyevd",
    };

    /// <summary>Loads cuSOLVER with every routine needed, or returns null.</summary>
    public static CuSolverApi? TryLoad()
    {
        foreach (string candidate in Candidates)
        {
            if (!NativeLibrary.TryLoad(candidate, out var handle)) continue;
            var functions = new Dictionary<string, IntPtr>();
            foreach (string symbol in Symbols)
                if (NativeLibrary.TryGetExport(handle, symbol, out var address)) functions[symbol] = address;
            if (functions.Count == Symbols.Length) return new CuSolverApi(functions);
        }
        return null;
    }

    /// <summary>Throws for a non-zero cuSOLVER status, naming the call.</summary>
    public static void Check(int status, string call)
    {
        if (status != 0) throw new InvalidOperationException($"cuSOLVER {call} failed with status {status}.");
    }
}
