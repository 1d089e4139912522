namespace NeuralTangents.Distributed;

/// <summary>The element type of a distributed job's inputs and kernels.</summary>
public enum KernelPrecision
{
    /// <summary><see cref="float"/>, 4 bytes per element.</summary>
    Float32 = 4,

    /// <summary><see cref="double"/>, 8 bytes per element.</summary>
    Float64 = 8,
}
