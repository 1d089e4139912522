using System.Collections.Concurrent;
using System.Numerics;
using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Random;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Combinators;

/// <summary>Layers applied one after another (Neural Tangents' <c>serial</c>).</summary>
internal sealed partial class Serial : LayerBase
{
    // What each child must keep and produce depends only on the branch signatures and on what is needed of the
    // outputs, which every tile of a computation shares: computed once per signature and demand, not per tile.
    // The cached arrays are shared between tiles and threads, so nobody writes to them.
    private readonly ConcurrentDictionary<string, SpatialForm[][]> _childDemands = new();
    private readonly ConcurrentDictionary<string, SpatialForm[]> _childInputForms = new();

    // The answers about this Serial itself (its rule with every child's input, what it needs of its input, its branch
    // counts) depend only on the input signatures and the output demand, and the layers are immutable: each is
    // computed once and reused. Every level of a nested Serial asks the levels below it these questions, so without
    // the caches a Serial nested d deep re-walked its subtree at every level (d² rule evaluations of its innermost
    // layer, d³ in all); with them each question costs one walk of the layers.
    private readonly ConcurrentDictionary<(string Input, bool ForKernel), RuleWalk> _rules = new();
    private readonly ConcurrentDictionary<string, SpatialForm[]> _inputForms = new();
    private readonly ConcurrentDictionary<int, (int Peak, int Output)> _branches = new();

    public Serial(IReadOnlyList<LayerBase> layers) => Layers = layers;

    public IReadOnlyList<LayerBase> Layers { get; }

    // Not cached: a nested Serial's name spans its subtree, so keeping one per level would hold O(d²) characters.
    public override string Name => LayerNames.Serial(Layers.Select(l => l.Name));

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) => Walk(input, forKernel).Result;

    /// <summary>The rule applied child by child (cached per input): the result and, when valid, every child's input branches.</summary>
    private RuleWalk Walk(BranchSignature[] input, bool forKernel) =>
        _rules.GetOrAdd((CacheKey(-1, input, null), forKernel), _ =>
        {
            var childInputs = new BranchSignature[Layers.Count][];
            var current = input;
            for (int i = 0; i < Layers.Count; i++)
            {
                childInputs[i] = current;
                var result = Layers[i].Rule(current, forKernel);
                if (!result.IsValid) return new RuleWalk(result, null);
                current = result.Output!;
            }
            return new RuleWalk(RuleResult.Valid(current), childInputs);
        });

    /// <summary>A cached rule result, with the input branches of every child when the rule holds (null otherwise).</summary>
    private sealed record RuleWalk(RuleResult Result, BranchSignature[][]? ChildInputs);

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

    internal override Tensor<T>[] ForwardMasked<T>(Parameters<T> parameters, Tensor<T>[] x, bool[][] masks, out object? residual, out bool[][] outputMasks)
    {
        var residuals = new object?[Layers.Count];
        var current = x;
        for (int i = 0; i < Layers.Count; i++) current = Layers[i].ForwardMasked(ChildParameters(parameters, i), current, masks, out residuals[i], out masks);
        residual = residuals;
        outputMasks = masks;
        return current;
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
    {
        var residuals = (object?[])residual!;
        var current = cotangent;
        for (int i = Layers.Count - 1; i >= 0; i--) current = Layers[i].BackwardAny(ChildParameters(parameters, i), residuals[i], current, context);
        return current;
    }

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var signatures = input.Select(t => t.Signature).ToArray();
        var demands = _childDemands.GetOrAdd(CacheKey(-1, signatures, input[0].Demand), _ => ChildDemands(signatures, input[0].Demand));
        var current = input;
        for (int i = 0; i < Layers.Count; i++)
        {
            // Drop the full covariance as soon as this and every later layer need only the diagonal.
            if (i > 0 && ChildInputForms(i, current.Select(t => t.Signature).ToArray(), demands[i]) is var needed)
                for (int b = 0; b < current.Length; b++)
                    if (needed[b] == SpatialForm.Diagonal) current[b] = SpatialTiles.ToDiagonal(engine, current[b]);
            foreach (var tile in current) tile.Demand = demands[i];
            StopIfCancelled(current);
            current = Layers[i].PropagateWithMasks(current, engine);
        }
        return current;
    }

    /// <summary>
    /// Throws when the kernel computation in progress was cancelled, after releasing the tiles in flight (they own device
    /// buffers, and nothing else will dispose them): a tile of a deep network then stops at the next layer.
    /// </summary>
    private static void StopIfCancelled<T>(KernelTile<T>[] current) where T : unmanaged
    {
        var cancellation = LayerArguments.Current.Cancellation;
        if (!cancellation.IsCancellationRequested) return;
        foreach (var tile in current) tile.Dispose();
        cancellation.ThrowIfCancellationRequested();
    }

    /// <summary>The children map and apply the masks themselves (each through its own <see cref="LayerBase.PropagateWithMasks{T}"/>).</summary>
    internal override KernelTile<T>[] PropagateWithMasks<T>(KernelTile<T>[] input, KernelEngine engine) => Propagate(input, engine);

    internal override SpatialForm[] InputForms(BranchSignature[] input, SpatialForm[] output) =>
        _inputForms.GetOrAdd(CacheKey(-1, input, output), _ =>
        {
            var signatures = InputSignatures(input);
            var demand = output;
            for (int i = Layers.Count - 1; i >= 0; i--) demand = Layers[i].InputForms(signatures[i], demand);
            return demand;
        });

    /// <summary>What child <paramref name="index"/> needs of its inputs (its <see cref="LayerBase.InputForms"/>), cached.</summary>
    private SpatialForm[] ChildInputForms(int index, BranchSignature[] input, SpatialForm[] output) =>
        _childInputForms.GetOrAdd(CacheKey(index, input, output), _ => Layers[index].InputForms(input, output));

    /// <summary>The cache key of a child (-1: this Serial) with input branches <paramref name="input"/> and output demand <paramref name="output"/>.</summary>
    private static string CacheKey(int index, BranchSignature[] input, SpatialForm[]? output) =>
        $"{index}|{string.Join(";", input.Select(b => b.ShapeText + (b.IsGaussian ? "G" : "")))}|{(output is null ? "-" : string.Join(",", output))}";

    /// <summary>What is needed of each child's outputs, given what is needed of this Serial's outputs (null: the diagonal).</summary>
    private SpatialForm[][] ChildDemands(BranchSignature[] input, SpatialForm[]? output)
    {
        var signatures = InputSignatures(input);
        var demands = new SpatialForm[Layers.Count][];
        int outputs = OutputBranchCount(input.Length);
        var demand = output ?? Enumerable.Repeat(CovarianceDemand.OfOutput, outputs).ToArray();
        for (int i = Layers.Count - 1; i >= 0; i--)
        {
            demands[i] = demand;
            demand = Layers[i].InputForms(signatures[i], demand);
        }
        return demands;
    }

    /// <summary>The input branches of every child, from the kernel rules (shared: nobody writes to them).</summary>
    /// <exception cref="NetworkDefinitionException">A child's rule is broken for these inputs.</exception>
    private BranchSignature[][] InputSignatures(BranchSignature[] input)
    {
        var walk = Walk(input, forKernel: true);
        Validation.Guard.Check(walk.Result);
        return walk.ChildInputs!;
    }

    internal override int PeakBranches(int inputBranches) => Branches(inputBranches).Peak;

    internal override int OutputBranchCount(int inputBranches) => Branches(inputBranches).Output;

    /// <summary>The most branches alive inside this Serial and the branches it outputs, for <paramref name="inputBranches"/> inputs (cached).</summary>
    private (int Peak, int Output) Branches(int inputBranches) =>
        _branches.GetOrAdd(inputBranches, _ =>
        {
            int peak = inputBranches, current = inputBranches;
            foreach (var layer in Layers)
            {
                peak = Math.Max(peak, layer.PeakBranches(current));
                current = layer.OutputBranchCount(current);
            }
            return (peak, current);
        });

    private Parameters<T> ChildParameters<T>(Parameters<T> parameters, int index) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (parameters.Children.Count != Layers.Count)
            throw new ArgumentException($"{Name} has {Layers.Count} layers but the parameters have {parameters.Children.Count} children; pass the parameters Init returned for this network.", nameof(parameters));
        return parameters.Children[index];
    }
}
