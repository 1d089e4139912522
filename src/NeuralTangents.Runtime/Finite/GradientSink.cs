using System.Numerics;
using NeuralTangents.Layers;
using NeuralTangents.LinearAlgebra;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralTangents.Finite;

/// <summary>
/// Collects the gradient of Σ_rows ⟨cotangent, f⟩ with respect to every parameter during a backward pass:
/// for an affine layer y = s_w·x·W + s_b·b, ∂/∂W = s_w·Σ xᵀδ and ∂/∂b = s_b·Σ δ over rows and positions.
/// Gradients are filed under the parameter tensors themselves, so the tree they form does not depend on the
/// order in which combinators visit their children.
/// </summary>
internal sealed class GradientSink<T> : IAffineSink<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<Tensor<T>, Tensor<T>> _gradients = new(ReferenceEqualityComparer.Instance);

    public void OnAffine(LayerBase layer, Parameters<T> parameters, Tensor<T> input, Tensor<T> cotangent, double weightScale, double? biasScale)
    {
        var g = AffineGeometry.Of(input, cotangent);
        var inputs = g.Repeat == 1 ? input.Data : RepeatRows(input.Data, g);
        var weightGradient = GradientOf(parameters.Tensors[0]);
        int rows = g.Rows * g.Positions;
        Blas.Gemm(true, false, g.InChannels, g.OutChannels, rows, T.CreateTruncating(weightScale),
            inputs, g.InChannels, cotangent.Data, g.OutChannels, T.One, weightGradient.Data, g.OutChannels);
        if (biasScale is double scale)
        {
            var biasGradient = GradientOf(parameters.Tensors[1]);
            var factor = T.CreateTruncating(scale);
            for (int r = 0; r < rows; r++)
                TensorPrimitives.MultiplyAdd<T>(cotangent.Data.AsSpan(r * g.OutChannels, g.OutChannels), factor, biasGradient.Data, biasGradient.Data);
        }
    }

    /// <summary>The gradient as a tree shaped like <paramref name="parameters"/> (zeros for parameters no affine layer reported).</summary>
    public Parameters<T> ToTree(Parameters<T> parameters) => new(
        parameters.Layer,
        parameters.Tensors.Select(t => _gradients.TryGetValue(t, out var g) ? g : Tensor<T>.Zeros(t.Shape)).ToArray(),
        parameters.Children.Select(ToTree).ToArray());

    private Tensor<T> GradientOf(Tensor<T> parameter)
    {
        if (!_gradients.TryGetValue(parameter, out var gradient)) _gradients[parameter] = gradient = Tensor<T>.Zeros(parameter.Shape);
        return gradient;
    }

    /// <summary>The input rows repeated to line up with the cotangent rows (row r of the result is item r / repeat).</summary>
    private static T[] RepeatRows(T[] input, AffineGeometry g)
    {
        int item = g.Positions * g.InChannels;
        var result = new T[(long)g.Rows * item];
        for (int r = 0; r < g.Rows; r++) input.AsSpan(r / g.Repeat * item, item).CopyTo(result.AsSpan(r * item, item));
        return result;
    }
}
