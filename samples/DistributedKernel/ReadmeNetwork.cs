using NeuralTangents;

namespace DistributedKernel;

/// <summary>The README's fully connected network, which <c>submit</c>, <c>bench</c> and <c>store-check</c> compute the kernels of.</summary>
internal static class ReadmeNetwork
{
    /// <summary>Hidden Dense(512)–Relu blocks of the README's network.</summary>
    public const int ReadmeHiddenLayers = 2;

    /// <summary>
    /// Dense(512, 1.5, 0.05) and Relu, <paramref name="hiddenLayers"/> times, then Dense(10, 1.5, 0.05): the README's
    /// network with its default of two. More hidden layers make each kernel entry cost more to compute while a tile's
    /// bytes stay the same (what <c>bench --hidden</c> varies).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="hiddenLayers"/> is below 1.</exception>
    public static ILayer Create(int hiddenLayers = ReadmeHiddenLayers)
    {
        if (hiddenLayers < 1) throw new ArgumentException($"--hidden must be at least 1, got {hiddenLayers}");
        var layers = new List<ILayer>();
        for (int i = 0; i < hiddenLayers; i++) layers.AddRange([Stax.Dense(512, wStd: 1.5, bStd: 0.05), Stax.Relu()]);
        layers.Add(Stax.Dense(10, wStd: 1.5, bStd: 0.05));
        return Stax.Serial([.. layers]);
    }
}
