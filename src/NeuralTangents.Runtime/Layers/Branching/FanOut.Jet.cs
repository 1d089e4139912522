using NeuralTangents.Finite;

namespace NeuralTangents.Layers.Branching;

/// <summary>Forward mode: the jet is shared by every branch (layers never write into their inputs).</summary>
internal sealed partial class FanOut
{
    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x) =>
        Enumerable.Repeat(x[0], Count).ToArray();
}
