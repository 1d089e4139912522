using NeuralTangents;

namespace WideResNet;

/// <summary>
/// The sample's default configuration (14×14 Fashion-MNIST images, block size 1, k = 1, 10 classes) as a model class
/// compiled by the source generator: the same network as <see cref="WideResNetArchitecture.Network"/>, with every
/// constant a literal, the blocks inlined through FanOut/Parallel/FanInSum, and a KernelFn whose Dense tail after
/// Flatten is fused (the convolutional head runs on the interpreted engine). Other configurations change the image
/// size or the depth, which a compile-time model cannot follow; the sample builds those with the Stax factory.
/// </summary>
[Network(InputShape = new[] { 14, 14, 1 })]
internal static partial class WideResNetModel
{
    /// <summary>Blocks per group.</summary>
    public const int BlockSize = 1;

    /// <summary>Image side after downsampling 28×28 by 2.</summary>
    public const int Side = 14;

    /// <summary>Output classes.</summary>
    public const int Classes = 10;

    private static ILayer Architecture => Stax.Serial(
        Stax.Conv(16, new[] { 3, 3 }, null, Padding.Same),
        Group(BlockSize, 16, 1),
        Group(BlockSize, 32, 2),
        Group(BlockSize, 64, 2),
        // Two stride-2 groups leave ⌈⌈14/2⌉/2⌉ = 4 positions per axis: the pool covers the whole map.
        Stax.AvgPool(new[] { 4, 4 }),
        Stax.Flatten(),
        Stax.Dense(Classes, 1.0, 0.0));

    /// <summary>Relu → Conv → Relu → Conv beside an identity (or a strided Conv when the shape changes), summed.</summary>
    [Block]
    private static ILayer Block(int channels, int stride, bool channelMismatch) => Stax.Serial(
        Stax.FanOut(2),
        Stax.Parallel(
            Stax.Serial(
                Stax.Relu(), Stax.Conv(channels, new[] { 3, 3 }, new[] { stride, stride }, Padding.Same),
                Stax.Relu(), Stax.Conv(channels, new[] { 3, 3 }, null, Padding.Same)),
            channelMismatch ? Stax.Conv(channels, new[] { 3, 3 }, new[] { stride, stride }, Padding.Same) : Stax.Identity()),
        Stax.FanInSum());

    /// <summary><paramref name="blocks"/> blocks, the first one changing the channels and the stride.</summary>
    [Block]
    private static ILayer Group(int blocks, int channels, int stride) => blocks == 1
        ? Block(channels, stride, channelMismatch: true)
        : Stax.Serial(Block(channels, stride, channelMismatch: true), Stax.Repeat(blocks - 1, Block(channels, 1, channelMismatch: false)));
}
