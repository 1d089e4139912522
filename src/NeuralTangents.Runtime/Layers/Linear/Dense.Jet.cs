using NeuralTangents.Finite;

namespace NeuralTangents.Layers.Linear;

/// <summary>Forward mode: y(t) = s_w·x(t)·(W + t·δW) + s_b·(b + t·δb), so y[k] = s_w·(x[k]·W + x[k−1]·δW) (+ s_b·δb at k = 1).</summary>
internal sealed partial class Dense
{
    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x)
    {
        var input = x[0];
        var coefficients = new Tensor<T>?[input.Degree + 1];
        coefficients[0] = Forward(parameters, new[] { input.Primal }, out _)[0];
        var (weightScale, biasScale) = Scales(input.Primal.Dim(-1));
        var w = parameters.Tensors[0];
        var dw = direction?.Tensors[0];
        for (int k = 1; k <= input.Degree; k++)
        {
            Tensor<T>? y = null;
            if (input.Coefficients[k] is { } xk) y = TensorMath.MatMulLastAxis(xk, w, weightScale);
            if (dw is not null && input.Coefficients[k - 1] is { } previous) y = JetMath.Accumulate(y, TensorMath.MatMulLastAxis(previous, dw, weightScale));
            if (k == 1 && biasScale is double scale && direction is not null)
            {
                y ??= Tensor<T>.Zeros(coefficients[0]!.Shape);
                TensorMath.AddBias(y, direction.Tensors[1], scale);
            }
            coefficients[k] = y;
        }
        return new[] { new Jet<T>(coefficients) };
    }
}
