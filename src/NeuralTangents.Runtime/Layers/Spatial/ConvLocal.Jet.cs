using NeuralTangents.Finite;

namespace NeuralTangents.Layers.Spatial;

/// <summary>
/// Forward mode: ConvLocal is a separate Dense per position on the patches, so
/// y[k] = s_w·(patches(x[k])·W_p + patches(x[k−1])·δW_p) (+ s_b·δb_p at k = 1).
/// </summary>
internal sealed partial class ConvLocal
{
    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x)
    {
        var input = x[0];
        var coefficients = new Tensor<T>?[input.Degree + 1];
        coefficients[0] = Forward(parameters, new[] { input.Primal }, out _)[0];
        var shape = coefficients[0]!.Shape;
        var window = WindowFor(input.Primal.Shape);
        int nIn = input.Primal.Dim(-1), positions = window.OutPositions;
        for (int k = 1; k <= input.Degree; k++)
        {
            Tensor<T>? y = null;
            if (input.Coefficients[k] is { } xk) y = Positionwise(parameters, window.Gather(xk), positions, nIn, withBias: false);
            if (direction is not null && input.Coefficients[k - 1] is { } previous)
                y = JetMath.Accumulate(y, Positionwise(parameters, window.Gather(previous), positions, nIn, withBias: k == 1, weightsFrom: direction));
            coefficients[k] = y?.Reshape(shape);
        }
        return new[] { new Jet<T>(coefficients) };
    }
}
