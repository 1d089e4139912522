using System.Collections.Concurrent;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace NeuralTangents;

/// <summary>
/// Owns one ILGPU accelerator and the kernels loaded on it. Kernels are compiled once per accelerator and
/// cached (recompiling per call is the main ILGPU performance trap). Pass an engine through
/// <see cref="KernelOptions.Engine"/> to choose the device; <see cref="Default"/> is created on first use.
/// </summary>
public sealed class KernelEngine : IDisposable
{
    private static readonly Lazy<KernelEngine> LazyDefault = new(() => Create(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Context _context;
    private readonly ConcurrentDictionary<string, object> _kernels = new();

    private KernelEngine(Context context, Accelerator accelerator)
    {
        _context = context;
        Accelerator = accelerator;
    }

    /// <summary>
    /// The process-wide engine: CUDA when a CUDA device is present, else the CPU accelerator. The environment
    /// variable <c>NEURALTANGENTS_ACCELERATOR</c> (<c>cpu</c> or <c>cuda</c>) overrides the choice.
    /// </summary>
    public static KernelEngine Default => LazyDefault.Value;

    /// <summary>Creates an engine on the preferred (or requested) kind of accelerator.</summary>
    /// <exception cref="InvalidOperationException"><paramref name="kind"/> is CUDA and no CUDA device is present.</exception>
    public static KernelEngine Create(AcceleratorKind kind = AcceleratorKind.Auto)
    {
        if (kind == AcceleratorKind.Auto)
        {
            string? requested = Environment.GetEnvironmentVariable("NEURALTANGENTS_ACCELERATOR");
            kind = requested?.Trim().ToLowerInvariant() switch
            {
                "cpu" => AcceleratorKind.Cpu,
                "cuda" => AcceleratorKind.Cuda,
                _ => AcceleratorKind.Auto,
            };
        }

        var context = CreateContext();
        try
        {
            var cuda = context.GetCudaDevices();
            Accelerator accelerator = kind switch
            {
                AcceleratorKind.Cpu => context.GetCPUDevice(0).CreateAccelerator(context),
                AcceleratorKind.Cuda when cuda.Count == 0 =>
                    throw new InvalidOperationException("A CUDA accelerator was requested but no CUDA device is present."),
                _ when cuda.Count > 0 => cuda[0].CreateAccelerator(context),
                _ => context.GetCPUDevice(0).CreateAccelerator(context),
            };
            return new KernelEngine(context, accelerator);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The ILGPU context every engine compiles in: the CUDA and CPU backends with ILGPU.Algorithms (<c>XMath</c>).
    /// The PTX tests compile the device kernels in the same context, so they see what a CUDA engine would compile.
    /// </summary>
    internal static Context CreateContext() =>
        // OpenCL is left out on purpose: Debian's PoCL lacks the generic address space ILGPU needs.
        Context.Create(builder => builder.Cuda().CPU(HostDevice).EnableAlgorithms());

    /// <summary>
    /// The simulated device of the CPU accelerator: one simulated thread per core (warps of two, as many multiprocessors
    /// as pairs of cores). ILGPU's default simulates 16 threads whatever the machine, and every launch wakes and
    /// synchronizes all of them: on two cores that cost 1.6 ms per launch (0.08 ms with two threads, measured on a busy
    /// machine), which made each tile of the interpreted layers (a dozen launches) cost milliseconds. No device kernel
    /// here uses groups, shared memory or warp intrinsics, so the group size changes no result; the kernels process
    /// chunks of thousands of elements per simulated thread (<see cref="ChunkFor"/>), so fewer threads lose no parallelism.
    /// </summary>
    internal static CPUDevice HostDevice { get; } = new(numThreadsPerWarp: 2, numWarpsPerMultiprocessor: 1,
        numMultiprocessors: Math.Max(1, Environment.ProcessorCount / 2));

    /// <summary>The accelerator kernels run on.</summary>
    internal Accelerator Accelerator { get; }

    /// <summary>Whether kernels run on the CPU accelerator (which simulates GPU threads).</summary>
    public bool IsCpu => Accelerator.AcceleratorType == AcceleratorType.CPU;

    /// <summary>A description of the device, e.g. "CPU (2 cores)" or the GPU's name.</summary>
    public string DeviceName => IsCpu ? $"CPU accelerator ({Environment.ProcessorCount} cores)" : Accelerator.Name;

    /// <summary>
    /// The host linear algebra the input Gram x1·x2ᵀ runs on: OpenBLAS's build and the core whose kernels it chose
    /// (<c>openblas_get_config</c>, <c>openblas_get_corename</c>) and, per precision, whether its GEMM or the managed
    /// packed GEMM runs and why. Reading it measures the choice if that has not happened yet (tens of milliseconds).
    /// </summary>
    public string HostLinearAlgebra => LinearAlgebra.Blas.Description;

    /// <summary>
    /// The default device working-memory budget for kernel tiles: half the GPU's memory, or on the CPU a
    /// eighth of the memory available to this process, at most 512 MiB (tiles of ~6000² float entries with
    /// NTK: larger tiles do not run faster on the CPU, and the host also holds the result).
    /// </summary>
    public long DefaultMemoryBudgetBytes
    {
        get
        {
            if (!IsCpu) return Accelerator.MemorySize / 2;
            long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            return Math.Clamp(available / 8, 64L << 20, 512L << 20);
        }
    }

    /// <summary>
    /// The most working memory one device tile gets, whatever the budget allows: a tile's device kernels cannot be
    /// interrupted, so cancellation and progress wait for it. On the CPU accelerator 16 MiB (about 1.4 million float
    /// entries of a network without spatial axes, a few tenths of a second through six interpreted layers on two busy
    /// cores, where one tile's fixed cost is a few milliseconds); on a GPU 1 GiB (tens of millions of entries, milliseconds
    /// per layer, still large enough to fill the device).
    /// </summary>
    internal long ResponsiveTileBytes => IsCpu ? 16L << 20 : 1L << 30;

    /// <summary>
    /// How many consecutive elements one logical thread processes. The CPU accelerator pays microseconds per
    /// logical thread, so each handles a contiguous chunk (4096 measured best); GPUs take one element per thread.
    /// </summary>
    internal int ChunkFor(long length)
    {
        if (!IsCpu) return 1;
        long perCore = (length + 4L * Environment.ProcessorCount - 1) / (4L * Environment.ProcessorCount);
        return (int)Math.Clamp(perCore, 64, 4096);
    }

    /// <summary>Number of logical threads for <paramref name="length"/> elements in chunks of <paramref name="chunk"/>.</summary>
    /// <exception cref="InvalidOperationException">More logical threads than one launch takes (2³¹ − 1): the tile or batch is too large for the device.</exception>
    internal static int ThreadsFor(long length, int chunk)
    {
        long threads = (length + chunk - 1) / chunk;
        return threads <= int.MaxValue ? (int)threads
            : throw new InvalidOperationException($"A device kernel over {length} values in chunks of {chunk} needs {threads} threads, more than one launch takes " +
                $"({int.MaxValue}); lower KernelOptions.MemoryBudgetBytes so that tiles and batches are smaller.");
    }

    /// <summary>Returns the cached kernel for <paramref name="key"/>, loading it on first use.</summary>
    internal TKernel GetOrLoad<TKernel>(string key, Func<Accelerator, TKernel> load) where TKernel : class =>
        (TKernel)_kernels.GetOrAdd(key, _ => load(Accelerator));

    /// <summary>Allocates a device buffer of <paramref name="length"/> elements.</summary>
    internal MemoryBuffer1D<T, Stride1D.Dense> Allocate<T>(long length) where T : unmanaged =>
        Accelerator.Allocate1D<T>(Math.Max(1, length));

    /// <inheritdoc />
    public void Dispose()
    {
        Accelerator.Dispose();
        _context.Dispose();
    }
}
