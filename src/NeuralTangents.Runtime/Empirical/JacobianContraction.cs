using System.Numerics;
using NeuralTangents.Finite;
using NeuralTangents.Layers;

namespace NeuralTangents.EmpiricalKernels;

/// <summary>
/// Implementation 1: the Jacobians J1 = ∂f(x1)/∂θ and J2 = ∂f(x2)/∂θ are built in full (one backward pass of unit
/// cotangents each) and contracted: Θ[(d, f1), (d, f2)] = Σ_c J1[(d, f1, c)]·J2[(d, f2, c)]ᵀ.
/// </summary>
internal static class JacobianContraction
{
    public static void Accumulate<T>(LayerBase network, Parameters<T> parameters, Tensor<T> x1, Tensor<T> x2, bool sameInputs,
        BlockLayout layout, T[] result) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var j1 = Jacobian(network, parameters, x1);
        var j2 = sameInputs ? j1 : Jacobian(network, parameters, x2);
        RowContraction.Accumulate(j1.Values, j2.Values, j1.Width, layout, result);
    }

    /// <summary>J(x): one row per output element (row-major over f(x)), one column per parameter.</summary>
    public static JacobianSink<T> Jacobian<T>(LayerBase network, Parameters<T> parameters, Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var output = network.Forward(parameters, new[] { x }, out var residual)[0];
        var sink = new JacobianSink<T>(parameters, output.Length);
        var cotangent = Differentiation.UnitCotangents<T>(output.Shape);
        int perItem = output.Dim(0) == 0 ? 0 : output.Length / output.Dim(0);
        network.Backward(parameters, residual, new[] { cotangent }, new BackwardContext<T>(perItem, sink));
        return sink;
    }
}
