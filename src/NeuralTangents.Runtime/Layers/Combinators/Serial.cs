using System.Numerics;
using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Random;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Combinators;

/// <summary>Layers applied one after another (Neural Tangents' <c>serial</c>).</summary>
internal sealed partial class Serial : LayerBase
{
    public Serial(IReadOnlyList<LayerBase> layers) => Layers = layers;

    public IReadOnlyList<LayerBase> Layers { get; }

    public override string Name => LayerNames.Serial(Layers.Select(l => l.Name));

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel)
    {
        var current = input;
        foreach (var layer in Layers)
        {
            var result = layer.Rule(current, forKernel);
            if (!result.IsValid) return result;
            current = result.Output!;
        }
        return RuleResult.Valid(current);
    }

    internal override Parameters<T> InitCore<T>(PrngKey key, BranchSignature[] input)
    {
        var children = new Parameters<T>[Layers.Count];
        var current = input;
        for (int i = 0; i < Layers.Count; i++)
        {
            children[i] = Layers[i].InitCore<T>(key.Child(i), current);
            current = Layers[i].Infer(current, forKernel: false);
        }
        return new Parameters<T>(Name, Array.Empty<Tensor<T>>(), children);
    }

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        var residuals = new object?[Layers.Count];
        var current = x;
        for (int i = 0; i < Layers.Count; i++) current = Layers[i].Forward(ChildParameters(parameters, i), current, out residuals[i]);
        residual = residuals;
        return current;
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
    {
        var residuals = (object?[])residual!;
        var current = cotangent;
        for (int i = Layers.Count - 1; i >= 0; i--) current = Layers[i].Backward(ChildParameters(parameters, i), residuals[i], current, context);
        return current;
    }

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var current = input;
        foreach (var layer in Layers) current = layer.Propagate(current, engine);
        return current;
    }

    internal override int PeakBranches(int inputBranches)
    {
        int peak = inputBranches, current = inputBranches;
        foreach (var layer in Layers)
        {
            peak = Math.Max(peak, layer.PeakBranches(current));
            current = layer.OutputBranchCount(current);
        }
        return peak;
    }

    internal override int OutputBranchCount(int inputBranches)
    {
        int current = inputBranches;
        foreach (var layer in Layers) current = layer.OutputBranchCount(current);
        return current;
    }

    private Parameters<T> ChildParameters<T>(Parameters<T> parameters, int index) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (parameters.Children.Count != Layers.Count)
            throw new ArgumentException($"{Name} has {Layers.Count} layers but the parameters have {parameters.Children.Count} children; pass the parameters Init returned for this network.", nameof(parameters));
        return parameters.Children[index];
    }
}
