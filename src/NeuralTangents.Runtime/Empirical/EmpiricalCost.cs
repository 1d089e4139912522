using System.Numerics;
using System.Runtime.CompilerServices;
using NeuralTangents.Layers;

namespace NeuralTangents.EmpiricalKernels;

/// <summary>
/// The memory an empirical kernel computation needs, estimated before allocating from a probe: one forward and
/// backward pass on a single item, which measures the parameter count P, the output elements per item R, and
/// the per-item sizes of the affine layers' inputs (A) and of their cotangents for all R outputs (C).
/// </summary>
internal sealed class EmpiricalCost
{
    private readonly long _parameters, _activations, _cotangents;
    private readonly int _perItem, _positions, _elementSize;

    private EmpiricalCost(long parameters, int perItem, long activations, long cotangents, int positions, int elementSize)
    {
        _parameters = parameters;
        _perItem = perItem;
        _activations = activations;
        _cotangents = cotangents;
        _positions = positions;
        _elementSize = elementSize;
    }

    public static EmpiricalCost Probe<T>(LayerBase network, Parameters<T> parameters, Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var records = StructuredDerivatives.Records(network, parameters, x.SliceRows(0, 1));
        long activations = records.Sum(r => (long)r.Input.Length);
        long cotangents = records.Sum(r => (long)r.Cotangent.Length);
        int positions = records.Count == 0 ? 1 : records.Max(r => r.Geometry.Positions);
        int perItem = network.OutputShape(x.Shape) is var shape ? (int)(Tensor<T>.ElementCount(shape) / Math.Max(shape[0], 1)) : 1;
        return new EmpiricalCost(parameters.Count, perItem, activations, cotangents, positions, Unsafe.SizeOf<T>());
    }

    /// <summary>Bytes for one block of <paramref name="items1"/> × <paramref name="items2"/> items (the result excluded).</summary>
    public long BlockBytes(int items1, int items2, bool nngp, NtkImplementation? ntk)
    {
        long r = _perItem, p = _parameters, m = _positions;
        long b1 = items1, b2 = items2;
        // A forward pass keeps every layer's input; nonlinear layers about double what the affine inputs count.
        long Forward(long items) => items * (3 * _activations + r);
        long elements = 0;
        if (nngp) elements = Math.Max(elements, Forward(b1) + Forward(b2) + 2 * r * (b1 + b2) + b1 * b2 * r * r);
        long working = ntk switch
        {
            NtkImplementation.JacobianContraction => 2 * (b1 + b2) * r * p + Forward(b1) + Forward(b2) + (b1 + b2) * _cotangents + b1 * b2 * r * r,
            NtkImplementation.StructuredDerivatives => 2 * (b1 + b2) * (_activations + _cotangents) + Forward(b1) + Forward(b2) + b1 * b2 * m * m * (1 + r * r),
            NtkImplementation.NtkVectorProducts => 2 * Forward(b1) + 3 * p + Forward(1) + _cotangents / Math.Max(r, 1),
            _ => 0,
        };
        return Math.Max(elements, working) * _elementSize;
    }
}
