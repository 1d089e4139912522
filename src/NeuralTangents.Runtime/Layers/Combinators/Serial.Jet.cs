using NeuralTangents.Finite;

namespace NeuralTangents.Layers.Combinators;

/// <summary>Forward mode: the jets flow through the layers in order, each with its own parameter direction.</summary>
internal sealed partial class Serial
{
    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x)
    {
        var current = x;
        for (int i = 0; i < Layers.Count; i++)
            current = Layers[i].ForwardJet(ChildParameters(parameters, i), direction?.Children[i], current);
        return current;
    }
}
