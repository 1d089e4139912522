using NeuralTangents.Finite;

namespace NeuralTangents.Layers.Linear;

/// <summary>Forward mode: Flatten is linear, so every coefficient is flattened alike.</summary>
internal sealed partial class Flatten
{
    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x) =>
        new[] { x[0].MapLinear(c => Forward(parameters, new[] { c }, out _)[0]) };
}
