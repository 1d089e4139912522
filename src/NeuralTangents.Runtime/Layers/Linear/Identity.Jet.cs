using NeuralTangents.Finite;

namespace NeuralTangents.Layers.Linear;

/// <summary>Forward mode: the jets pass through.</summary>
internal sealed partial class Identity
{
    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x) => x;
}
