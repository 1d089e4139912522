using System.Numerics;
using NeuralTangents.Layers;

namespace NeuralTangents.Finite;

/// <summary>
/// What a backward pass carries besides the cotangents. Cotangents may hold <see cref="Repeat"/> rows per
/// input item (item-major: row r belongs to item r / Repeat), so that one pass pulls back several output
/// directions at once (one per output channel for the empirical NTK); layers that need forward values map a
/// cotangent row to its item that way.
/// </summary>
internal sealed class BackwardContext<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public BackwardContext(int repeat, IAffineSink<T>? sink)
    {
        Repeat = repeat;
        Sink = sink;
    }

    /// <summary>Cotangent rows per input item.</summary>
    public int Repeat { get; }

    /// <summary>Receives the inputs and output cotangents of every affine layer, or null.</summary>
    public IAffineSink<T>? Sink { get; }
}

/// <summary>
/// Observes the affine layers during a backward pass. An affine layer computes
/// y = weightScale·(x·W) + biasScale·b along the channel axis; its per-item parameter gradients are
/// weightScale·x ⊗ δ and biasScale·δ, so the empirical NTK and loss gradients follow from (x, δ) alone.
/// </summary>
internal interface IAffineSink<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Called once per affine layer, in backward order (last layer first).</summary>
    /// <param name="layer">The layer.</param>
    /// <param name="parameters">The layer's parameters node (W, then b when it has a bias), so that sinks can
    /// file gradients under the parameter tree.</param>
    /// <param name="input">Its forward input, items × … × channels_in.</param>
    /// <param name="cotangent">The cotangent of its output, (items·Repeat) × … × channels_out.</param>
    /// <param name="weightScale">The factor in front of x·W.</param>
    /// <param name="biasScale">The factor in front of b, or null when the layer has no bias.</param>
    void OnAffine(LayerBase layer, Parameters<T> parameters, Tensor<T> input, Tensor<T> cotangent, double weightScale, double? biasScale);
}
