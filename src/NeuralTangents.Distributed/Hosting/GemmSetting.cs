using NeuralTangents.LinearAlgebra;

namespace NeuralTangents.Distributed;

/// <summary>
/// The value of <c>NEURALTANGENTS_BLAS</c> that makes another process on this machine run the GEMM this process runs.
/// Each process otherwise measures OpenBLAS against the managed GEMM when it starts and may choose differently (on a busy
/// machine it often does); the two round differently, so silos that must give this process's results bit for bit, or
/// be compared with it, should be started with this setting.
/// </summary>
public static class GemmSetting
{
    /// <summary>The name of the environment variable.</summary>
    public const string Variable = "NEURALTANGENTS_BLAS";

    /// <summary>"managed" or "openblas": the GEMM this process runs for kernels of <paramref name="precision"/> (measured now if it was not yet).</summary>
    /// <param name="precision">The precision of the kernels the other process computes.</param>
    public static string Of(KernelPrecision precision) => Blas.Backend switch
    {
        FastestGemmBackend fastest => (precision == KernelPrecision.Float32 ? fastest.ChoiceFor<float>() : fastest.ChoiceFor<double>()).Managed ? "managed" : "openblas",
        OpenBlasBackend => "openblas",
        _ => "managed",
    };
}
