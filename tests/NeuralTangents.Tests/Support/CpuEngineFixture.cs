using NeuralTangents;

namespace NeuralTangents.Tests.Support;

/// <summary>
/// One engine shared by all tests (kernels compile once per accelerator): ILGPU's CPU accelerator, or the first CUDA
/// device when <c>NEURALTANGENTS_ACCELERATOR=cuda</c> (as <c>benchmarks/gpu-check.sh</c> sets it), so that the same
/// suite runs the device kernels on a GPU.
/// </summary>
public sealed class CpuEngineFixture : IDisposable
{
    public KernelEngine Engine { get; } = KernelEngine.Create(
        string.Equals(Environment.GetEnvironmentVariable("NEURALTANGENTS_ACCELERATOR")?.Trim(), "cuda", StringComparison.OrdinalIgnoreCase)
            ? AcceleratorKind.Cuda
            : AcceleratorKind.Cpu);

    public KernelOptions Options => new() { Engine = Engine };

    /// <summary>
    /// Options whose engine is the CPU, so that the pair-major plan runs as host loops: the shared engine when it is the
    /// CPU accelerator, else (a GPU run) one CPU engine made on first use. The reference for the plan's device kernels.
    /// </summary>
    public KernelOptions HostOptions => Engine.IsCpu ? Options : new() { Engine = _cpu.Value };

    private readonly Lazy<KernelEngine> _cpu = new(() => KernelEngine.Create(AcceleratorKind.Cpu));

    public void Dispose()
    {
        Engine.Dispose();
        if (_cpu.IsValueCreated) _cpu.Value.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<CpuEngineFixture>
{
    public const string Name = "cpu engine";
}
