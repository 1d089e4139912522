using NeuralTangents.Finite;

namespace NeuralTangents.Layers.Spatial;

/// <summary>Forward mode: Conv is Dense on patches, so y[k] = s_w·(patches(x[k])·W + patches(x[k−1])·δW) (+ s_b·δb at k = 1).</summary>
internal sealed partial class Conv
{
    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x)
    {
        var input = x[0];
        var coefficients = new Tensor<T>?[input.Degree + 1];
        coefficients[0] = Forward(parameters, new[] { input.Primal }, out _)[0];
        var shape = coefficients[0]!.Shape;
        var window = WindowFor(input.Primal.Shape);
        int nIn = input.Primal.Dim(-1);
        var (weightScale, biasScale) = Scales(nIn);
        var w = parameters.Tensors[0].Reshape(FilterSize * nIn, Width);
        var dw = direction?.Tensors[0].Reshape(FilterSize * nIn, Width);
        for (int k = 1; k <= input.Degree; k++)
        {
            Tensor<T>? y = null;
            if (input.Coefficients[k] is { } xk) y = TensorMath.MatMulLastAxis(window.Gather(xk), w, weightScale);
            if (dw is not null && input.Coefficients[k - 1] is { } previous)
                y = JetMath.Accumulate(y, TensorMath.MatMulLastAxis(window.Gather(previous), dw, weightScale));
            if (k == 1 && biasScale is double scale && direction is not null)
            {
                y ??= Tensor<T>.Zeros(input.Primal.Dim(0), window.OutPositions, Width);
                TensorMath.AddBias(y, direction.Tensors[1], scale);
            }
            coefficients[k] = y?.Reshape(shape);
        }
        return new[] { new Jet<T>(coefficients) };
    }
}
