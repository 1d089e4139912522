namespace NeuralTangents;

/// <summary>The floating-point precision of a generated network's inputs, parameters and kernels.</summary>
public enum Precision
{
    /// <summary><see cref="float"/> (the default, as Neural Tangents without x64).</summary>
    Float32,

    /// <summary><see cref="double"/> (Neural Tangents' x64 mode).</summary>
    Float64,
}
