using NeuralTangents.Finite;

namespace NeuralTangents.Layers.Regularization;

/// <summary>Forward mode: with the masks fixed by the parameters, Dropout is linear, so every coefficient takes the same mask.</summary>
internal sealed partial class Dropout
{
    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x)
    {
        if (!Train) return x;
        return new[] { x[0].MapLinear(c => Forward(parameters, new[] { c }, out _)[0]) };
    }
}
