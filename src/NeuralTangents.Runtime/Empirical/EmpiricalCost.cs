using System.Numerics;
using System.Runtime.CompilerServices;
using NeuralTangents.Layers;

namespace NeuralTangents.EmpiricalKernels;

/// <summary>
/// The memory an empirical kernel computation needs, estimated before allocating from a probe: one forward and
/// backward pass on a single item, which measures the parameter count P, the output elements per item R, and
/// the per-item sizes of the affine layers' inputs (A; for a convolution its patches) and of their cotangents
/// for all R outputs (C), plus, from the shape rules, every layer's output per item (spatial maps included)
/// and the widest activation a backward pass carries.
/// </summary>
internal sealed class EmpiricalCost
{
    private readonly long _parameters, _activations, _cotangents, _layerOutputs, _widest;
    private readonly int _perItem, _positions, _elementSize;

    private EmpiricalCost(long parameters, int perItem, long activations, long cotangents, LayerActivations layers, int positions, int elementSize)
    {
        _parameters = parameters;
        _perItem = perItem;
        _activations = activations;
        _cotangents = cotangents;
        _layerOutputs = layers.Total;
        _widest = layers.Widest;
        _positions = positions;
        _elementSize = elementSize;
    }

    public static EmpiricalCost Probe<T>(LayerBase network, Parameters<T> parameters, Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var records = StructuredDerivatives.Records(network, parameters, x.SliceRows(0, 1));
        long activations = records.Sum(r => (long)r.Input.Length);
        long cotangents = records.Sum(r => (long)r.Cotangent.Length);
        int positions = records.Count == 0 ? 1 : records.Max(r => r.Geometry.Positions);
        var itemShape = (int[])x.Shape.Clone();
        itemShape[0] = 1;
        var layers = LayerActivations.Of(network, itemShape);
        // A convolution's backward pass also holds the cotangent of its patches, as wide as its recorded input.
        long widestRecord = records.Count == 0 ? 0 : records.Max(r => (long)r.Input.Length);
        var shape = network.OutputShape(x.Shape);
        int perItem = (int)(Tensor<T>.ElementCount(shape) / Math.Max(shape[0], 1));
        return new EmpiricalCost(parameters.Count, perItem, activations, cotangents, layers with { Widest = Math.Max(layers.Widest, widestRecord) }, positions,
            Unsafe.SizeOf<T>());
    }

    /// <summary>Bytes for one block of <paramref name="items1"/> × <paramref name="items2"/> items (the result excluded).</summary>
    public long BlockBytes(int items1, int items2, bool nngp, NtkImplementation? ntk)
    {
        long r = _perItem, p = _parameters, m = _positions;
        long b1 = items1, b2 = items2;
        // A forward pass keeps the affine inputs (patches for a convolution) and every layer's output, spatial
        // maps included; a backward pass of `rows` cotangents per item holds two activations of the widest kind.
        long Forward(long items) => items * (_activations + _layerOutputs + r);
        long Backward(long items, long rows) => 2 * items * rows * _widest;
        long elements = 0;
        if (nngp) elements = Math.Max(elements, Forward(b1) + Forward(b2) + 2 * r * (b1 + b2) + b1 * b2 * r * r);
        long working = ntk switch
        {
            NtkImplementation.JacobianContraction => 2 * (b1 + b2) * r * p + Forward(b1) + Forward(b2) + Backward(Math.Max(b1, b2), r) + b1 * b2 * r * r,
            NtkImplementation.StructuredDerivatives => 2 * (b1 + b2) * (_activations + _cotangents) + Forward(b1) + Forward(b2) + Backward(Math.Max(b1, b2), r)
                + b1 * b2 * m * m * (1 + r * r),
            // Dual numbers double the forward pass over x1; one output's pullback holds single-row cotangents.
            NtkImplementation.NtkVectorProducts => 2 * Forward(b1) + 3 * p + Forward(1) + Backward(1, 1),
            _ => 0,
        };
        return Math.Max(elements, working) * _elementSize;
    }
}
