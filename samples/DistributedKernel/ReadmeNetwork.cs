using NeuralTangents;

namespace DistributedKernel;

/// <summary>The README's fully connected network, which <c>submit</c> and <c>bench</c> compute the kernels of.</summary>
internal static class ReadmeNetwork
{
    public static ILayer Create() => Stax.Serial(
        Stax.Dense(512, wStd: 1.5, bStd: 0.05), Stax.Relu(),
        Stax.Dense(512, wStd: 1.5, bStd: 0.05), Stax.Relu(),
        Stax.Dense(10, wStd: 1.5, bStd: 0.05));
}
