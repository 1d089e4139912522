using NeuralTangents.Finite;

namespace NeuralTangents.Layers.Branching;

/// <summary>Forward mode: Cauchy products of the branches' series, left to right (the product rule to every order).</summary>
internal sealed partial class FanInProd
{
    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x)
    {
        var product = x[0];
        for (int b = 1; b < x.Length; b++)
        {
            var coefficients = JetMath.Product(product, x[b]);
            coefficients[0] = TensorMath.Multiply(product.Primal, x[b].Primal);
            product = new Jet<T>(coefficients);
        }
        return new[] { product };
    }
}
