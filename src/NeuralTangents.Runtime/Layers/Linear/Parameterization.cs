namespace NeuralTangents;

/// <summary>How a Dense layer scales its weights (Neural Tangents' <c>parameterization</c>).</summary>
public enum Parameterization
{
    /// <summary>W, b ~ N(0, 1); y = (W_std/√n_in)·x·W + b_std·b. The default; the NTK has a finite limit.</summary>
    Ntk,

    /// <summary>W ~ N(0, W_std²·s0/n_in), b ~ N(0, b_std²); y = x·W/√s0 + b, with width scalings (s0, s1).</summary>
    Standard,
}
