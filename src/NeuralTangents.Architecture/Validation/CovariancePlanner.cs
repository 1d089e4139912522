using System;
using System.Collections.Generic;
using System.Linq;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Rules;

namespace NeuralTangents.Architecture.Validation;

/// <summary>
/// Plans the kernel's spatial covariance over the layer tree exactly as the runtime does over its layers
/// (<c>LayerBase.InputForms</c>, <c>Serial</c>'s demands, <c>SpatialDemand.For</c>, <c>PeakBranches</c>): the demand
/// flows from the output down, each leaf's need comes from <see cref="LeafRule.InputForm"/> or is passed on
/// (<see cref="CovarianceDemand.PassOn"/>), and the memory follows the shared formulas. Run it only on a tree whose
/// kernel rules hold.
/// </summary>
internal static class CovariancePlanner
{
    /// <summary>What the planner established for one node: the form kept of its input and the values per pair it holds.</summary>
    public readonly struct NodeDemand
    {
        public NodeDemand(SpatialForm input, long valuesPerPair)
        {
            Input = input;
            ValuesPerPair = valuesPerPair;
        }

        public SpatialForm Input { get; }

        public long ValuesPerPair { get; }
    }

    /// <summary>
    /// Plans <paramref name="root"/> on kernel inputs of <paramref name="kernelShape"/> (batch axis first, as the engine
    /// sees them: flattened when the network starts with Flatten); <paramref name="spatialOutput"/>: the output keeps
    /// spatial axes, so the runtime's default full form is planned for it; <paramref name="nodes"/> receives each node's demand by path.
    /// </summary>
    public static KernelMemory Plan(LayerNode root, int[] kernelShape, bool spatialOutput, Dictionary<string, NodeDemand> nodes)
    {
        var input = new[] { new BranchSignature(kernelShape, isGaussian: false) };
        int peakBranches = PeakBranches(root, 1);
        if (kernelShape.Length <= 2)
        {
            Need(root, input, new[] { CovarianceDemand.OfOutput }, "", nodes, spatial: false);
            return new KernelMemory(SpatialForm.None, 1, 1, peakBranches);
        }
        var outputDemand = spatialOutput ? CovarianceDemand.OfSpatialOutput : CovarianceDemand.OfOutput;
        var form = Need(root, input, new[] { outputDemand }, "", nodes, spatial: true)[0];
        long inputEntries = CovarianceDemand.EntriesPerPair(kernelShape, form);
        return new KernelMemory(form, inputEntries, Math.Max(inputEntries, Peak(root, input, form)), peakBranches);
    }

    /// <summary>The forms <paramref name="node"/> needs of its inputs to deliver <paramref name="output"/>, recording every node below.</summary>
    private static SpatialForm[] Need(LayerNode node, BranchSignature[] input, SpatialForm[] output, string path, Dictionary<string, NodeDemand> nodes, bool spatial)
    {
        SpatialForm[] needed;
        long values = 0;
        switch (node)
        {
            case SerialNode serial:
                needed = NeedSequence(serial.Layers, input, output, path, nodes, spatial);
                break;
            case RepeatNode repeat:
                needed = NeedSequence(Enumerable.Repeat(repeat.Block, repeat.Count).ToList(), input, output, path, nodes, spatial);
                break;
            case ParallelNode parallel:
                needed = new SpatialForm[parallel.Layers.Count];
                for (int i = 0; i < parallel.Layers.Count; i++)
                    needed[i] = Need(parallel.Layers[i], new[] { input[i] }, new[] { output[i] }, ArchitectureValidator.Child(path, i), nodes, spatial)[0];
                break;
            default:
                var rule = Leaf(node);
                needed = rule.InputForm is { } own ? Enumerable.Repeat(own, input.Length).ToArray() : CovarianceDemand.PassOn(input.Length, output);
                var result = rule.Rule(input, forKernel: true).Output!;
                if (spatial)
                {
                    // The tile keeps what the layer needs; pooling writes the full form, everything else keeps the form it got.
                    var inForm = needed.Max();
                    var outForm = rule.InputForm == SpatialForm.Full ? SpatialForm.Full : inForm;
                    values = input.Sum(b => CovarianceDemand.EntriesPerPair(b.Shape, inForm)) + result.Sum(b => CovarianceDemand.EntriesPerPair(b.Shape, outForm));
                }
                else
                {
                    values = input.Length + result.Length;
                }
                break;
        }
        bool spatialInput = spatial && input.Any(b => b.Shape.Length > 2);
        nodes[path] = new NodeDemand(spatialInput ? needed.Max() : SpatialForm.None, values);
        return needed;
    }

    private static SpatialForm[] NeedSequence(IReadOnlyList<LayerNode> layers, BranchSignature[] input, SpatialForm[] output, string path,
        Dictionary<string, NodeDemand> nodes, bool spatial)
    {
        var signatures = new BranchSignature[layers.Count][];
        var current = input;
        for (int i = 0; i < layers.Count; i++)
        {
            signatures[i] = current;
            current = Infer(layers[i], current);
        }
        var demand = output;
        for (int i = layers.Count - 1; i >= 0; i--) demand = Need(layers[i], signatures[i], demand, ArchitectureValidator.Child(path, i), nodes, spatial);
        return demand;
    }

    /// <summary>The most values per pair any activation holds in <paramref name="form"/> (the runtime's upper bound).</summary>
    private static long Peak(LayerNode node, BranchSignature[] input, SpatialForm form)
    {
        long peak = 1;
        switch (node)
        {
            case SerialNode or RepeatNode:
                var current = input;
                foreach (var child in Children(node))
                {
                    peak = Math.Max(peak, Peak(child, current, form));
                    current = Infer(child, current);
                }
                return peak;
            case ParallelNode parallel:
                for (int i = 0; i < parallel.Layers.Count; i++) peak = Math.Max(peak, Peak(parallel.Layers[i], new[] { input[i] }, form));
                return peak;
            default:
                foreach (var b in input) peak = Math.Max(peak, CovarianceDemand.EntriesPerPair(b.Shape, form));
                foreach (var b in Infer(node, input)) peak = Math.Max(peak, CovarianceDemand.EntriesPerPair(b.Shape, form));
                return peak;
        }
    }

    /// <summary>Tile-sized arrays per kernel kind alive at once (the runtime's <c>PeakBranches</c>).</summary>
    private static int PeakBranches(LayerNode node, int inputBranches)
    {
        switch (node)
        {
            case SerialNode or RepeatNode:
                int peak = inputBranches, current = inputBranches;
                foreach (var child in Children(node))
                {
                    peak = Math.Max(peak, PeakBranches(child, current));
                    current = OutputBranches(child, current);
                }
                return peak;
            case ParallelNode parallel:
                return parallel.Layers.Aggregate(inputBranches, (p, child) => Math.Max(p, inputBranches - 1 + PeakBranches(child, 1)));
            default:
                return Math.Max(inputBranches, Leaf(node).OutputBranches(inputBranches));
        }
    }

    private static int OutputBranches(LayerNode node, int inputBranches) => node switch
    {
        SerialNode or RepeatNode => Children(node).Aggregate(inputBranches, (current, child) => OutputBranches(child, current)),
        ParallelNode parallel => parallel.Layers.Count,
        _ => Leaf(node).OutputBranches(inputBranches),
    };

    /// <summary>The kernel rules' output of <paramref name="node"/> (valid by precondition).</summary>
    private static BranchSignature[] Infer(LayerNode node, BranchSignature[] input)
    {
        switch (node)
        {
            case SerialNode or RepeatNode:
                return Children(node).Aggregate(input, (current, child) => Infer(child, current));
            case ParallelNode parallel:
                return parallel.Layers.SelectMany((child, i) => Infer(child, new[] { input[i] })).ToArray();
            default:
                return Leaf(node).Rule(input, forKernel: true).Output
                    ?? throw new InvalidOperationException($"{NodeNames.Of(node)}: the kernel rules must hold before planning the covariance.");
        }
    }

    private static IReadOnlyList<LayerNode> Children(LayerNode node) => node switch
    {
        SerialNode serial => serial.Layers,
        RepeatNode repeat => Enumerable.Repeat(repeat.Block, repeat.Count).ToList(),
        ParallelNode parallel => parallel.Layers,
        _ => Array.Empty<LayerNode>(),
    };

    private static LeafRule Leaf(LayerNode node) =>
        LeafRules.For(node) ?? throw new InvalidOperationException($"{node.GetType().Name} has no rule in the architecture model.");
}
