using System.Numerics;
using NeuralTangents.Layers;
using NeuralTangents.Layers.Combinators;

namespace NeuralTangents.Engine.Plan;

/// <summary>
/// Ties requested hyperparameters to the ops of a plan. Layers add their ops in the order the plan builder visits them
/// (Serial's and Parallel's children in order, depth first), which is also the order of the ops in the finished plan
/// (steps in order, residual branches in order); the two lists are matched one to one and checked kind by kind.
/// </summary>
internal static class TangentBinding
{
    /// <summary>The seeds of every op that a hyperparameter of <paramref name="hyperparameters"/> enters (tangent m is hyperparameter m).</summary>
    public static Dictionary<PointwiseOp<T>, TangentSeed[]> Seeds<T>(LayerBase network, PairPlan<T> plan, IReadOnlyList<Hyperparameter> hyperparameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var ops = new List<PointwiseOp<T>>();
        Ops(plan.Nodes, ops);
        var layers = new List<LayerBase>();
        Producers(network, layers);
        if (ops.Count != layers.Count || Enumerable.Range(0, ops.Count).Any(i => (ops[i] is AffineOp<T>) != (layers[i] is Layers.Linear.Dense or Layers.Spatial.Conv)))
            throw new InvalidOperationException(
                $"The plan's ops ({string.Join(", ", ops.Select(o => o.Describe()))}) do not match the layers that make them ({string.Join(", ", layers.Select(l => l.Name))}).");

        var byPath = new Dictionary<string, LayerBase>();
        foreach (var (layer, path) in HyperparameterPaths.Walk(network, "$")) byPath.TryAdd(path, layer);
        var seeds = new Dictionary<PointwiseOp<T>, List<TangentSeed>>();
        for (int m = 0; m < hyperparameters.Count; m++)
        {
            var wanted = hyperparameters[m] ?? throw new ArgumentNullException($"{nameof(hyperparameters)}[{m}]");
            if (!byPath.TryGetValue(wanted.LayerPath, out var layer))
                throw new ArgumentException($"hyperparameters[{m}] = {wanted}: the network has no layer at {wanted.LayerPath}; its layers are at {string.Join(", ", byPath.Keys)}.",
                    nameof(hyperparameters));
            if (layer is not ITangentLayer tangent || !tangent.HyperparameterNames.Contains(wanted.Name))
            {
                string has = layer is ITangentLayer t && t.HyperparameterNames.Count > 0 ? string.Join(", ", t.HyperparameterNames) : "none";
                throw new ArgumentException($"hyperparameters[{m}] = {wanted}: {layer.Name} has no differentiable argument {wanted.Name} (it has {has}).", nameof(hyperparameters));
            }
            var (parameter, scale) = tangent.Seed(wanted.Name);
            for (int i = 0; i < layers.Count; i++)
            {
                if (!ReferenceEquals(layers[i], layer)) continue;
                CheckAffine(ops[i], wanted, parameter, scale);
                if (!seeds.TryGetValue(ops[i], out var list)) seeds[ops[i]] = list = new List<TangentSeed>();
                list.Add(new TangentSeed(m, parameter, scale));
            }
        }
        // Ops do not override Equals: the keys compare by reference.
        return seeds.ToDictionary(p => p.Key, p => p.Value.ToArray());
    }

    /// <summary>
    /// The chain-rule factor of an affine op's seed, 2σ, is the named layer's; the op must carry the same σ² (a plan
    /// stated apart from the network, as a generated class's, could otherwise pair one network's σ with another's steps).
    /// Both sides compute σ·σ from the same double, so they agree exactly when the plan was made from this network.
    /// </summary>
    private static void CheckAffine<T>(PointwiseOp<T> op, Hyperparameter wanted, int parameter, double scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (op is not AffineOp<T> affine) return;
        double sigma = scale / 2, stated = parameter == 0 ? affine.WeightVariance : affine.BiasVariance;
        if (stated != sigma * sigma)
            throw new InvalidOperationException(
                $"The plan's step {op.Describe()} has {(parameter == 0 ? "σw²" : "σb²")} = {stated:R}, but the network's {wanted} is {sigma:R}: the plan was not made from this network.");
    }

    /// <summary>The plan's pointwise ops in order.</summary>
    private static void Ops<T>(IReadOnlyList<PlanNode<T>> nodes, List<PointwiseOp<T>> ops) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var node in nodes)
        {
            if (node is SegmentNode<T> segment) ops.AddRange(segment.Ops);
            else if (node is ResidualNode<T> residual)
                foreach (var branch in residual.Branches) Ops(branch, ops);
        }
    }

    /// <summary>The layers that add an op to a plan, in the order they add it.</summary>
    private static void Producers(LayerBase layer, List<LayerBase> layers)
    {
        switch (layer)
        {
            case Serial serial:
                foreach (var child in serial.Layers) Producers(child, layers);
                break;
            case Layers.Combinators.Parallel parallel:
                foreach (var child in parallel.Layers) Producers(child, layers);
                break;
            case ITangentLayer:
                layers.Add(layer);
                break;
        }
    }
}
