namespace NeuralTangents.Generators.Tests.Support;

/// <summary>One CPU-accelerator engine shared by the tests of this assembly (kernels compile once per accelerator).</summary>
public sealed class CpuEngineFixture : IDisposable
{
    public KernelEngine Engine { get; } = KernelEngine.Create(AcceleratorKind.Cpu);

    public KernelOptions Options => new() { Engine = Engine };

    public void Dispose() => Engine.Dispose();
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<CpuEngineFixture>
{
    public const string Name = "cpu engine";
}
