namespace NeuralTangents.Tests.Support;

/// <summary>
/// A layer's forward jet (<c>LayerBase.ForwardJet</c>) against central differences of its apply along the line
/// x + t·v, θ + t·δ: the first and second Taylor coefficients.
/// </summary>
internal static class JetCheck
{
    /// <param name="layer">The layer.</param>
    /// <param name="parameters">θ.</param>
    /// <param name="direction">δ, or null for a fixed θ.</param>
    /// <param name="x">The input.</param>
    /// <param name="v">The input's direction.</param>
    /// <param name="firstDigits">Decimal places the first coefficient must match.</param>
    /// <param name="secondDigits">Decimal places the second coefficient must match.</param>
    public static void MatchesCentralDifferences(ILayer layer, Parameters<double> parameters, Parameters<double>? direction,
        Tensor<double> x, Tensor<double> v, int firstDigits, int secondDigits)
    {
        var jet = ((NeuralTangents.Layers.LayerBase)layer).ForwardJet(parameters, direction,
            new[] { new NeuralTangents.Finite.Jet<double>(new Tensor<double>?[] { x, v, null }) })[0];
        const double h = 1e-4;
        Tensor<double> At(double t)
        {
            var moved = parameters;
            if (direction is not null)
            {
                moved = parameters.Clone();
                for (int i = 0; i < moved.Tensors.Count; i++)
                    for (int j = 0; j < moved.Tensors[i].Length; j++) moved.Tensors[i].Data[j] += t * direction.Tensors[i].Data[j];
            }
            return layer.Apply(moved, new Tensor<double>(x.Data.Zip(v.Data, (a, b) => a + t * b).ToArray(), x.Shape));
        }
        var plus = At(h);
        var minus = At(-h);
        var centre = At(0);
        for (int i = 0; i < centre.Length; i++)
        {
            Assert.Equal((plus.Data[i] - minus.Data[i]) / (2 * h), jet.Coefficients[1]!.Data[i], firstDigits);
            Assert.Equal((plus.Data[i] - 2 * centre.Data[i] + minus.Data[i]) / (2 * h * h), jet.Coefficients[2]!.Data[i], secondDigits);
        }
    }
}
