using System.Numerics;

namespace NeuralTangents.Engine;

/// <summary>
/// A tile kernel that also propagates tiles of spatial inputs (built by <see cref="KernelComputation"/> from the
/// pixel-pair covariance); without it the engine propagates them through the interpreted network.
/// </summary>
internal interface ISpatialTileKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Propagates the input tile (which it consumes) to the network's output.</summary>
    KernelTile<T> Propagate(KernelTile<T> input, KernelEngine engine);
}
