using NeuralTangents.Finite;

namespace NeuralTangents.Layers.Branching;

/// <summary>Forward mode: the sum is linear, so coefficients add.</summary>
internal sealed partial class FanInSum
{
    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x)
    {
        var coefficients = new Tensor<T>?[x[0].Degree + 1];
        coefficients[0] = Forward(parameters, x.Select(j => j.Primal).ToArray(), out _)[0];
        for (int k = 1; k < coefficients.Length; k++)
            foreach (var branch in x) coefficients[k] = JetMath.Sum(coefficients[k], branch.Coefficients[k]);
        return new[] { new Jet<T>(coefficients) };
    }
}
