using NeuralTangents;

namespace WideResNet;

/// <summary>The infinitely wide residual network of Neural Tangents' README, built from the Stax factory.</summary>
internal static class WideResNetArchitecture
{
    /// <summary>Relu → Conv → Relu → Conv beside an identity (or a strided Conv when the shape changes), summed.</summary>
    public static ILayer Block(int channels, int stride, bool channelMismatch)
    {
        var main = Stax.Serial(
            Stax.Relu(), Stax.Conv(channels, new[] { 3, 3 }, new[] { stride, stride }, Padding.Same),
            Stax.Relu(), Stax.Conv(channels, new[] { 3, 3 }, null, Padding.Same));
        var shortcut = channelMismatch ? Stax.Conv(channels, new[] { 3, 3 }, new[] { stride, stride }, Padding.Same) : Stax.Identity();
        return Stax.Serial(Stax.FanOut(2), Stax.Parallel(main, shortcut), Stax.FanInSum());
    }

    /// <summary><paramref name="blocks"/> blocks, the first one changing the channels and the stride.</summary>
    public static ILayer Group(int blocks, int channels, int stride)
    {
        var layers = new List<ILayer> { Block(channels, stride, channelMismatch: true) };
        for (int i = 1; i < blocks; i++) layers.Add(Block(channels, 1, channelMismatch: false));
        return Stax.Serial(layers.ToArray());
    }

    /// <summary>
    /// Conv(16) → three groups (16k, 32k, 64k channels; strides 1, 2, 2) → AvgPool over the remaining image →
    /// Flatten → Dense(classes). The README pools an 8×8 CIFAR map; the pool here covers whatever the groups leave.
    /// </summary>
    public static ILayer Network(int blockSize, int k, int classes, int[] imageShape)
    {
        var body = Stax.Serial(
            Stax.Conv(16, new[] { 3, 3 }, null, Padding.Same),
            Group(blockSize, 16 * k, 1),
            Group(blockSize, 32 * k, 2),
            Group(blockSize, 64 * k, 2));
        var map = body.OutputShape(imageShape);
        return Stax.Serial(body, Stax.AvgPool(new[] { map[1], map[2] }), Stax.Flatten(), Stax.Dense(classes, 1.0, 0.0));
    }
}
