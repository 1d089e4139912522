using NeuralTangents.Layers;

namespace NeuralTangents;

/// <summary>
/// A scalar hyperparameter of a network that <see cref="KernelDerivatives"/> can differentiate the kernel by: the
/// layer, by its JSON path in the network's JSON description (<see cref="NetworkJson.ToJson"/>: <c>$</c> for the
/// network itself, <c>$.layers[2]</c> for the third layer of a Serial, <c>$.block.layers[0]</c> inside a Repeat), and
/// the argument, by the name the JSON gives it (<c>wStd</c>, <c>bStd</c> of Dense and Conv; <c>a</c>, <c>b</c>,
/// <c>c</c>, <c>alpha</c>, <c>gamma</c>, <c>shift</c>, <c>coef[k]</c> of the nonlinearities; <c>epsilon</c> of LayerNorm).
/// </summary>
/// <remarks>
/// A layer object used more than once (a Repeat's block, or one instance passed twice) is one hyperparameter: the
/// derivative moves every use of it together, as changing that argument in the JSON of a Repeat would.
/// </remarks>
/// <param name="LayerPath">The layer's JSON path.</param>
/// <param name="Name">The argument's JSON name.</param>
public sealed record Hyperparameter(string LayerPath, string Name)
{
    /// <summary>
    /// Every hyperparameter of <paramref name="network"/> with a derivative rule, in the order of the network's JSON:
    /// each Dense and Conv layer's wStd (and bStd when it has a bias) and each closed-form nonlinearity's scalar
    /// arguments, and each LayerNorm's epsilon. Layers not made by a <see cref="Stax"/> factory contribute none.
    /// </summary>
    public static IReadOnlyList<Hyperparameter> Of(ILayer network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var found = new List<Hyperparameter>();
        foreach (var (layer, path) in HyperparameterPaths.Walk(LayerBase.From(network, nameof(network)), "$"))
            if (layer is ITangentLayer tangent)
                found.AddRange(tangent.HyperparameterNames.Select(name => new Hyperparameter(path, name)));
        return found;
    }

    /// <summary>The JSON path of the argument, e.g. <c>$.layers[0].wStd</c>.</summary>
    public override string ToString() => $"{LayerPath}.{Name}";
}
