using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace NeuralTangents.Tests.Engine.Ptx;

/// <summary>
/// ILGPU's PTX backend for the H100 (sm_90), without a CUDA device: compiles a kernel the way a CUDA engine's
/// <c>LoadAutoGroupedStreamKernel</c> does (an implicitly grouped entry point, no specialization), in the engine's own
/// context (<see cref="KernelEngine.CreateContext"/>), and returns the PTX text. A kernel the CUDA backend cannot
/// compile throws here, so the test suite fails without a GPU.
/// </summary>
public sealed class PtxCompiler : IDisposable
{
    private Context _context;
    private PTXBackend _backend;

    /// <summary>Creates the context and the backend.</summary>
    public PtxCompiler() => (_context, _backend) = Create();

    /// <summary>The H100's architecture.</summary>
    public static CudaArchitecture Architecture => CudaArchitecture.SM_90;

    /// <summary>
    /// The <c>.target</c> line ILGPU writes for <see cref="Architecture"/>: the lowest architecture with every capability
    /// the device has (ILGPU 1.5.3 writes sm_80 for an sm_90 device, as its CUDA accelerator does on an H100); the
    /// code itself is generated for <see cref="Architecture"/>.
    /// </summary>
    public static string TargetDirective =>
        $".target {new CudaCapabilityContext(Architecture).TargetArchitecture.ToString().ToLowerInvariant()}";

    /// <summary>PTX ISA 7.8, the first that targets sm_90 (CUDA 12.0): its output loads on every CUDA 12 driver.</summary>
    public static CudaInstructionSet InstructionSet => CudaInstructionSet.ISA_78;

    /// <summary>The PTX of <paramref name="kernel"/>, a closed static kernel method whose first parameter is an index.</summary>
    /// <remarks>
    /// A failed compilation leaves ILGPU's IR context unusable (later kernels then fail with a NullReferenceException),
    /// so the context is rebuilt after one: each kernel's failure is reported under its own name.
    /// </remarks>
    internal string Compile(MethodInfo kernel)
    {
        try
        {
            var entry = EntryPointDescription.FromImplicitlyGroupedKernel(kernel);
            var compiled = (PTXCompiledKernel)_backend.Compile(entry, KernelSpecialization.Empty);
            return compiled.PTXAssembly;
        }
        catch
        {
            Dispose();
            (_context, _backend) = Create();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _backend.Dispose();
        _context.Dispose();
    }

    /// <summary>The engine's context and a PTX backend in it (no NVVM: the engine does not enable libdevice).</summary>
    private static (Context Context, PTXBackend Backend) Create()
    {
        var context = KernelEngine.CreateContext();
        return (context, new PTXBackend(context, Architecture, InstructionSet, nvvmAPI: null!));
    }
}
