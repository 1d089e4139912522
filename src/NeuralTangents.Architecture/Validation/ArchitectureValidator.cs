using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Rules;

namespace NeuralTangents.Architecture.Validation;

/// <summary>
/// Checks a layer tree with the shared layer rules, in the order the runtime applies them: hyperparameters as
/// the factories check them at construction, then shapes and branch counts for the finite network, then the
/// kernel-only rules (Gaussian inputs, the engine's supported inputs and outputs), and plans the kernel's
/// covariance forms and memory as the runtime's engine does. The composition of Serial, Parallel and Repeat
/// mirrors the runtime's combinators; every leaf's verdict comes from its <see cref="LeafRules"/> case.
/// </summary>
internal static class ArchitectureValidator
{
    /// <summary>Validates <paramref name="root"/> for inputs of one item of shape <paramref name="inputShape"/> (no batch axis).</summary>
    public static ValidationResult Validate(LayerNode root, int[] inputShape)
    {
        var none = new RuleStep[0];
        if (Construction(root, "") is { } invalid) return new ValidationResult(invalid.Violation, false, new LayerFacts[0], null, none) { ViolationPath = invalid.Path };

        var shape = new int[inputShape.Length + 1];
        shape[0] = -1;
        inputShape.CopyTo(shape, 1);
        var finiteSteps = new List<RuleStep>();
        var finite = Walk(root, new[] { new BranchSignature(shape, isGaussian: false) }, forKernel: false, "", finiteSteps);
        var facts = finiteSteps.Select(Facts).ToList();
        if (!finite.IsValid) return new ValidationResult(finite.Violation, false, facts, null, none) { ViolationPath = Origin(finiteSteps, finite.Violation!) };
        if (finite.Output!.Length != 1)
            return new ValidationResult(new RuleViolation(RuleIds.BranchCountMismatch, "network",
                $"{NodeNames.Of(root)} ends with {finite.Output.Length} branches; a network must end with one (join them with a FanIn layer)."), false, facts, null, none)
            {
                ViolationPath = OutputLayerPath(root),
            };

        // The engine keeps spatial axes (batch, spatial…, channels); a network that starts with Flatten sees its
        // inputs as items × features (Neural Tangents' channel_axis = None), at any rank.
        bool flattenFirst = StartsWithFlatten(root);
        if (LayerRules.KernelInput("x1", shape, flattenFirst) is { Violation: { } layout })
            return new ValidationResult(layout, true, facts, finite.Output, none);
        var kernelShape = KernelShape(root, shape);
        var kernelSteps = new List<RuleStep>();
        var kernel = Walk(root, new[] { new BranchSignature(kernelShape, isGaussian: false) }, forKernel: true, "", kernelSteps);
        if (kernel.Violation is { } kernelViolation)
            return new ValidationResult(kernelViolation, true, facts, finite.Output, kernelSteps) { ViolationPath = Origin(kernelSteps, kernelViolation) };

        var demands = new Dictionary<string, CovariancePlanner.NodeDemand>();
        var memory = CovariancePlanner.Plan(kernelSteps, kernel.Output![0].Shape.Length > 2, demands);
        var planned = facts.Select(f => demands.TryGetValue(f.Path, out var d) ? f with { Covariance = d.Input, ValuesPerPair = d.ValuesPerPair } : f).ToList();
        return new ValidationResult(null, false, planned, finite.Output, kernelSteps, memory);
    }

    /// <summary>
    /// The input shape the kernel engine sees for inputs of <paramref name="shape"/> (batch axis first): items × features
    /// when the network starts with Flatten, otherwise the shape itself with its spatial axes.
    /// </summary>
    public static int[] KernelShape(LayerNode root, int[] shape) =>
        shape.Length > 2 && StartsWithFlatten(root) ? new[] { -1, (int)Shapes.FeatureSize(shape) } : shape;

    /// <summary>Whether the network's first layer is a Flatten (as the runtime's kernel computation decides).</summary>
    public static bool StartsWithFlatten(LayerNode node) => node switch
    {
        FlattenNode => true,
        SerialNode serial => serial.Layers.Count > 0 && StartsWithFlatten(serial.Layers[0]),
        RepeatNode repeat => StartsWithFlatten(repeat.Block),
        _ => false,
    };

    /// <summary>The path of the layer that gives the network's output: the root Serial's last layer, or the root itself.</summary>
    public static string OutputLayerPath(LayerNode root) =>
        root is SerialNode { Layers.Count: > 0 } serial ? Child("", serial.Layers.Count - 1) : "";

    /// <summary>The path of the <paramref name="index"/>-th child of the node at <paramref name="path"/>.</summary>
    public static string Child(string path, int index) =>
        path.Length == 0 ? index.ToString(CultureInfo.InvariantCulture) : path + "." + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The path of the node whose rule gave <paramref name="violation"/>: the last step that holds it (a combinator
    /// passes its child's result up, and parents come before their children).
    /// </summary>
    private static string Origin(IReadOnlyList<RuleStep> steps, RuleViolation violation)
    {
        for (int i = steps.Count - 1; i >= 0; i--)
            if (steps[i] is { } step && ReferenceEquals(step.Result.Violation, violation)) return step.Path;
        return "";
    }

    /// <summary>The checks the runtime's factories make when the layers are built, before any input is seen, with the path of the node that fails.</summary>
    private static (RuleViolation Violation, string Path)? Construction(LayerNode node, string path)
    {
        if (OwnConstruction(node) is { } own) return (own, path);
        var children = node switch
        {
            SerialNode serial => serial.Layers,
            ParallelNode parallel => parallel.Layers,
            // The copies of a Repeat share the block: its first copy stands for them.
            RepeatNode repeat => new[] { repeat.Block }.ToEquatableArray(),
            _ => EquatableArray<LayerNode>.Empty,
        };
        for (int i = 0; i < children.Count; i++)
            if (Construction(children[i], Child(path, i)) is { } failed) return failed;
        return null;
    }

    /// <summary>
    /// The check the runtime's factory makes when <paramref name="node"/> itself is built (its children are checked
    /// by their own factories), or null when it passes: the analyzers report it at the factory call.
    /// </summary>
    public static RuleViolation? OwnConstruction(LayerNode node) => node switch
    {
        SerialNode { Layers.Count: 0 } or ParallelNode { Layers.Count: 0 } =>
            new RuleViolation(RuleIds.InvalidHyperparameter, "layers", $"{NodeNames.Of(node)} needs at least one layer."),
        RepeatNode { Count: < 1 } repeat => new RuleViolation(RuleIds.InvalidHyperparameter, "count", $"Repeat needs at least one copy, got {repeat.Count}."),
        SerialNode or ParallelNode or RepeatNode => null,
        _ => LeafRules.For(node)?.Construction(),
    };

    /// <summary>Applies the rules to <paramref name="node"/> and below, recording every node visited in <paramref name="steps"/> (depth-first, parents first).</summary>
    private static RuleResult Walk(LayerNode node, BranchSignature[] input, bool forKernel, string path, List<RuleStep> steps)
    {
        int index = steps.Count;
        steps.Add(null!);
        RuleResult result;
        switch (node)
        {
            case SerialNode serial:
                result = Sequence(serial.Layers, input, forKernel, path, steps);
                break;
            case RepeatNode repeat:
                result = Sequence(Enumerable.Repeat(repeat.Block, repeat.Count).ToList(), input, forKernel, path, steps);
                break;
            case ParallelNode parallel:
                result = LayerRules.Parallel(NodeNames.Of(node), input, parallel.Layers.Count) ?? Branches(parallel, input, forKernel, path, steps);
                break;
            default:
                result = LeafRules.For(node) is { } rule
                    ? rule.Rule(input, forKernel)
                    : RuleResult.Invalid(RuleIds.UnsupportedLayout, "layer", $"{NodeNames.Of(node)} has no rule in the architecture model.");
                break;
        }
        steps[index] = new RuleStep(path, node, input, result);
        return result;
    }

    /// <summary>What the finite walk established about one node, with its own parameter count where its rule held.</summary>
    private static LayerFacts Facts(RuleStep step)
    {
        long parameters = step.IsLeaf && step.Result.IsValid && LeafRules.For(step.Node) is { } rule ? rule.Parameters(step.Input) : 0;
        var output = step.Result.Output is { Length: > 0 } branches ? branches[0].Shape : new int[0];
        return new LayerFacts(step.Path, NodeNames.Of(step.Node), step.IsLeaf, step.Input.Select(b => b.Shape.Length > 0 ? b.Channels : 0).ToEquatableArray(),
            output.ToEquatableArray(), parameters);
    }

    private static RuleResult Sequence(IReadOnlyList<LayerNode> layers, BranchSignature[] input, bool forKernel, string path, List<RuleStep> steps)
    {
        var current = input;
        for (int i = 0; i < layers.Count; i++)
        {
            var result = Walk(layers[i], current, forKernel, Child(path, i), steps);
            if (!result.IsValid) return result;
            current = result.Output!;
        }
        return RuleResult.Valid(current);
    }

    private static RuleResult Branches(ParallelNode parallel, BranchSignature[] input, bool forKernel, string path, List<RuleStep> steps)
    {
        string name = NodeNames.Of(parallel);
        var output = new List<BranchSignature>();
        for (int i = 0; i < parallel.Layers.Count; i++)
        {
            var result = Walk(parallel.Layers[i], new[] { input[i] }, forKernel, Child(path, i), steps);
            if (!result.IsValid) return result;
            if (LayerRules.ParallelChildOutput(name, i, NodeNames.Of(parallel.Layers[i]), result.Output!.Length) is { } childError) return childError;
            output.AddRange(result.Output);
        }
        return RuleResult.Valid(output.ToArray());
    }
}
