using NeuralTangents.Architecture.Model;
using NeuralTangents.Rules;

namespace NeuralTangents.Architecture.Validation;

/// <summary>
/// One node of the layer tree as a walk of the validator saw it: where it is, the branches it received and what its
/// rule (or its composition of children) gave. The kernel walk's steps are the shapes the kernel engine sees, so
/// the covariance planner and the analyzers' warnings read them instead of walking the tree again.
/// </summary>
internal sealed class RuleStep
{
    public RuleStep(string path, LayerNode node, BranchSignature[] input, RuleResult result)
    {
        Path = path;
        Node = node;
        Input = input;
        Result = result;
    }

    /// <summary>Child indices from the root, dot-separated; empty for the root (as <see cref="LayerFacts.Path"/>).</summary>
    public string Path { get; }

    /// <summary>The node (for the copies of a Repeat, the shared block or one of its layers).</summary>
    public LayerNode Node { get; }

    /// <summary>The branches the node received.</summary>
    public BranchSignature[] Input { get; }

    /// <summary>The node's rule outcome: its output branches, or the rule it broke.</summary>
    public RuleResult Result { get; }

    /// <summary>Whether the node is a layer rather than a combinator (Serial, Parallel, Repeat).</summary>
    public bool IsLeaf => IsLeafNode(Node);

    /// <summary>Whether <paramref name="node"/> is a layer rather than a combinator (Serial, Parallel, Repeat).</summary>
    public static bool IsLeafNode(LayerNode node) => node is not (SerialNode or ParallelNode or RepeatNode);
}
