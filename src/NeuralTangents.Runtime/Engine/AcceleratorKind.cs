namespace NeuralTangents;

/// <summary>The kind of accelerator an engine runs on.</summary>
public enum AcceleratorKind
{
    /// <summary>CUDA when present, else the CPU.</summary>
    Auto,

    /// <summary>ILGPU's CPU accelerator.</summary>
    Cpu,

    /// <summary>The first CUDA device.</summary>
    Cuda,
}
