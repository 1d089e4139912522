using System.Numerics;
using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Random;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Combinators;

/// <summary>Layer i applied to branch i (Neural Tangents' <c>parallel</c>); usually between FanOut and a FanIn.</summary>
internal sealed partial class Parallel : LayerBase
{
    public Parallel(IReadOnlyList<LayerBase> layers) => Layers = layers;

    public IReadOnlyList<LayerBase> Layers { get; }

    public override string Name => LayerNames.Parallel(Layers.Select(l => l.Name));

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel)
    {
        if (LayerRules.Parallel(Name, input, Layers.Count) is { } countError) return countError;
        var output = new List<BranchSignature>();
        for (int i = 0; i < Layers.Count; i++)
        {
            var result = Layers[i].Rule(new[] { input[i] }, forKernel);
            if (!result.IsValid) return result;
            if (LayerRules.ParallelChildOutput(Name, i, Layers[i].Name, result.Output!.Length) is { } childError) return childError;
            output.AddRange(result.Output);
        }
        return RuleResult.Valid(output.ToArray());
    }

    internal override Parameters<T> InitCore<T>(PrngKey key, BranchSignature[] input)
    {
        var children = new Parameters<T>[Layers.Count];
        for (int i = 0; i < Layers.Count; i++) children[i] = Layers[i].InitCore<T>(key.Child(i), new[] { input[i] });
        return new Parameters<T>(Name, Array.Empty<Tensor<T>>(), children);
    }

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        if (parameters.Children.Count != Layers.Count)
            throw new ArgumentException($"{Name} has {Layers.Count} layers but the parameters have {parameters.Children.Count} children; pass the parameters Init returned for this network.", nameof(parameters));
        var residuals = new object?[Layers.Count];
        var output = new List<Tensor<T>>();
        for (int i = 0; i < Layers.Count; i++) output.AddRange(Layers[i].Forward(parameters.Children[i], new[] { x[i] }, out residuals[i]));
        residual = residuals;
        return output.ToArray();
    }

    internal override Tensor<T>[] ForwardMasked<T>(Parameters<T> parameters, Tensor<T>[] x, bool[][] masks, out object? residual, out bool[][] outputMasks)
    {
        if (parameters.Children.Count != Layers.Count)
            throw new ArgumentException($"{Name} has {Layers.Count} layers but the parameters have {parameters.Children.Count} children; pass the parameters Init returned for this network.", nameof(parameters));
        var residuals = new object?[Layers.Count];
        var output = new List<Tensor<T>>();
        var outMasks = new List<bool[]>();
        for (int i = 0; i < Layers.Count; i++)
        {
            output.AddRange(Layers[i].ForwardMasked(parameters.Children[i], new[] { x[i] }, new[] { masks[i] }, out residuals[i], out var childMasks));
            outMasks.AddRange(childMasks);
        }
        residual = residuals;
        outputMasks = outMasks.ToArray();
        return output.ToArray();
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
    {
        // Every child maps one branch to one branch: the rule only admits single-output children here.
        var residuals = (object?[])residual!;
        var result = new Tensor<T>[Layers.Count];
        for (int i = 0; i < Layers.Count; i++) result[i] = Layers[i].BackwardAny(parameters.Children[i], residuals[i], new[] { cotangent[i] }, context)[0];
        return result;
    }

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var output = new List<KernelTile<T>>();
        var demand = input[0].Demand;
        for (int i = 0; i < Layers.Count; i++)
        {
            input[i].Demand = demand is null ? null : new[] { demand[i] };
            output.AddRange(Layers[i].PropagateWithMasks(new[] { input[i] }, engine));
        }
        return output.ToArray();
    }

    /// <summary>The children map and apply the masks themselves (each through its own <see cref="LayerBase.PropagateWithMasks{T}"/>).</summary>
    internal override KernelTile<T>[] PropagateWithMasks<T>(KernelTile<T>[] input, KernelEngine engine) => Propagate(input, engine);

    internal override SpatialForm[] InputForms(BranchSignature[] input, SpatialForm[] output)
    {
        var result = new SpatialForm[Layers.Count];
        for (int i = 0; i < Layers.Count; i++) result[i] = Layers[i].InputForms(new[] { input[i] }, new[] { output[i] })[0];
        return result;
    }

    internal override int PeakBranches(int inputBranches)
    {
        int peak = inputBranches;
        foreach (var layer in Layers) peak = Math.Max(peak, inputBranches - 1 + layer.PeakBranches(1));
        return peak;
    }

    internal override int OutputBranchCount(int inputBranches) => Layers.Count;
}
