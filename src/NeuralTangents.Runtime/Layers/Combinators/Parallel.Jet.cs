using NeuralTangents.Finite;

namespace NeuralTangents.Layers.Combinators;

/// <summary>Forward mode: layer i maps the jet of branch i.</summary>
internal sealed partial class Parallel
{
    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x)
    {
        var output = new List<Jet<T>>();
        for (int i = 0; i < Layers.Count; i++)
            output.AddRange(Layers[i].ForwardJet(parameters.Children[i], direction?.Children[i], new[] { x[i] }));
        return output.ToArray();
    }
}
