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
/// (<see cref="CovarianceDemand.PassOn"/>), and the memory follows the shared formulas. It reads every node's kernel
/// inputs and outputs from the validator's kernel walk (<see cref="RuleStep"/>) rather than inferring them again, so
/// run it only on a walk in which every kernel rule held.
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
    /// Plans the tree whose kernel walk is <paramref name="kernel"/> (the validator's steps, depth-first with the root
    /// first; their inputs are what the engine sees: flattened when the network starts with Flatten);
    /// <paramref name="spatialOutput"/>: the output keeps spatial axes, so the runtime's default full form is planned for
    /// it; <paramref name="nodes"/> receives each node's demand by path.
    /// </summary>
    public static KernelMemory Plan(IReadOnlyList<RuleStep> kernel, bool spatialOutput, Dictionary<string, NodeDemand> nodes)
    {
        var steps = kernel.ToDictionary(s => s.Path);
        var root = steps[""];
        var kernelShape = root.Input[0].Shape;
        int peakBranches = PeakBranches(root, steps);
        if (kernelShape.Length <= 2)
        {
            Need(root, new[] { CovarianceDemand.OfOutput }, steps, nodes, spatial: false);
            return new KernelMemory(SpatialForm.None, 1, 1, peakBranches);
        }
        var outputDemand = spatialOutput ? CovarianceDemand.OfSpatialOutput : CovarianceDemand.OfOutput;
        var form = Need(root, new[] { outputDemand }, steps, nodes, spatial: true)[0];
        long inputEntries = CovarianceDemand.EntriesPerPair(kernelShape, form);
        return new KernelMemory(form, inputEntries, Math.Max(inputEntries, Peak(kernel, form)), peakBranches);
    }

    /// <summary>The forms the node of <paramref name="step"/> needs of its inputs to deliver <paramref name="output"/>, recording every node below.</summary>
    private static SpatialForm[] Need(RuleStep step, SpatialForm[] output, Dictionary<string, RuleStep> steps, Dictionary<string, NodeDemand> nodes, bool spatial)
    {
        var input = step.Input;
        SpatialForm[] needed;
        long values = 0;
        switch (step.Node)
        {
            case SerialNode or RepeatNode:
                // The demand flows from the last layer down to the first.
                needed = output;
                for (int i = ChildCount(step.Node) - 1; i >= 0; i--) needed = Need(Child(step, i, steps), needed, steps, nodes, spatial);
                break;
            case ParallelNode parallel:
                needed = new SpatialForm[parallel.Layers.Count];
                for (int i = 0; i < parallel.Layers.Count; i++) needed[i] = Need(Child(step, i, steps), new[] { output[i] }, steps, nodes, spatial)[0];
                break;
            default:
                var rule = Leaf(step.Node);
                needed = rule.InputForm is { } own ? Enumerable.Repeat(own, input.Length).ToArray() : CovarianceDemand.PassOn(input.Length, output);
                var result = Output(step);
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
        nodes[step.Path] = new NodeDemand(spatialInput ? needed.Max() : SpatialForm.None, values);
        return needed;
    }

    /// <summary>The most values per pair any activation holds in <paramref name="form"/> (the runtime's upper bound): every layer's inputs and outputs.</summary>
    private static long Peak(IReadOnlyList<RuleStep> kernel, SpatialForm form)
    {
        long peak = 1;
        foreach (var step in kernel.Where(s => s.IsLeaf))
            foreach (var b in step.Input.Concat(Output(step))) peak = Math.Max(peak, CovarianceDemand.EntriesPerPair(b.Shape, form));
        return peak;
    }

    /// <summary>Tile-sized arrays per kernel kind alive at once (the runtime's <c>PeakBranches</c>), from the branch counts the kernel rules gave.</summary>
    private static int PeakBranches(RuleStep step, Dictionary<string, RuleStep> steps)
    {
        int inputBranches = step.Input.Length;
        switch (step.Node)
        {
            case SerialNode or RepeatNode:
                int peak = inputBranches;
                for (int i = 0; i < ChildCount(step.Node); i++) peak = Math.Max(peak, PeakBranches(Child(step, i, steps), steps));
                return peak;
            case ParallelNode parallel:
                // The other branches stay alive while one child runs.
                peak = inputBranches;
                for (int i = 0; i < parallel.Layers.Count; i++) peak = Math.Max(peak, inputBranches - 1 + PeakBranches(Child(step, i, steps), steps));
                return peak;
            default:
                return Math.Max(inputBranches, Output(step).Length);
        }
    }

    /// <summary>The step of the <paramref name="index"/>-th child (or copy, for a Repeat) of the node of <paramref name="step"/>.</summary>
    private static RuleStep Child(RuleStep step, int index, Dictionary<string, RuleStep> steps) => steps[ArchitectureValidator.Child(step.Path, index)];

    /// <summary>The kernel rules' output of a step (valid by precondition).</summary>
    private static BranchSignature[] Output(RuleStep step) => step.Result.Output
        ?? throw new InvalidOperationException($"{NodeNames.Of(step.Node)}: the kernel rules must hold before planning the covariance.");

    /// <summary>The children of a combinator as the walk visits them (a Repeat's copies count one each).</summary>
    private static int ChildCount(LayerNode node) => node switch
    {
        SerialNode serial => serial.Layers.Count,
        RepeatNode repeat => repeat.Count,
        ParallelNode parallel => parallel.Layers.Count,
        _ => 0,
    };

    private static LeafRule Leaf(LayerNode node) =>
        LeafRules.For(node) ?? throw new InvalidOperationException($"{node.GetType().Name} has no rule in the architecture model.");
}
