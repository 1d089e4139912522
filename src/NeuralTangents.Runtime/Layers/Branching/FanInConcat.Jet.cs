using NeuralTangents.Finite;

namespace NeuralTangents.Layers.Branching;

/// <summary>Forward mode: concatenation is linear, so each coefficient is the concatenation of the branches' (zeros for a null one).</summary>
internal sealed partial class FanInConcat
{
    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x)
    {
        var coefficients = new Tensor<T>?[x[0].Degree + 1];
        coefficients[0] = Forward(parameters, x.Select(j => j.Primal).ToArray(), out _)[0];
        for (int k = 1; k < coefficients.Length; k++)
            if (x.Any(j => j.Coefficients[k] is not null))
                coefficients[k] = TensorMath.ConcatLastAxis(x.Select(j => j.Dense(k)).ToArray());
        return new[] { new Jet<T>(coefficients) };
    }
}
