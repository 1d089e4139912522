using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Validation;
using NeuralTangents.Rules;

namespace NeuralTangents.Analyzers.Analysis;

/// <summary>One layer of a series as the analyzer sees it: its node (null when not constant or not modelled) and where it is written.</summary>
internal readonly struct ChainLink
{
    public ChainLink(LayerNode? node, Location location, RankEffect rank = default)
    {
        Node = node;
        Location = location;
        Rank = rank;
    }

    /// <summary>What the layer requires of its input's rank and gives its output (for layers the node model does not cover).</summary>
    public RankEffect Rank { get; }

    /// <summary>The layer, or null when unknown at compile time.</summary>
    public LayerNode? Node { get; }

    /// <summary>Where the layer is written.</summary>
    public Location Location { get; }
}

/// <summary>
/// The rank (batch axis included) a spatial or reshaping layer requires and produces: a k-d Conv or pool needs and
/// keeps rank k + 2, a global pool needs at least 3 and gives 2, Flatten gives 2. Default: no rank rule.
/// </summary>
internal readonly struct RankEffect
{
    public RankEffect(string layer, int requiredRank, int minimumRank, int outputRank)
    {
        Layer = layer;
        RequiredRank = requiredRank;
        MinimumRank = minimumRank;
        OutputRank = outputRank;
    }

    /// <summary>The layer's name for messages; null when the layer has no rank rule.</summary>
    public string? Layer { get; }

    /// <summary>The exact input rank required, or 0.</summary>
    public int RequiredRank { get; }

    /// <summary>The least input rank accepted, or 0.</summary>
    public int MinimumRank { get; }

    /// <summary>The output rank, or 0 when unknown.</summary>
    public int OutputRank { get; }
}

/// <summary>
/// Rules between neighbouring layers of a series (a <c>Stax.Serial</c> argument list or an attribute stack) that
/// need no input shape: a closed-form nonlinearity right after another one (its input is then not Gaussian), a spatial layer after one of another rank, and
/// standard-parameterization width scalings that do not chain. An unknown layer forgets what was known.
/// </summary>
internal static class ChainChecks
{
    /// <summary>The violations of the series, each with the layer it points at.</summary>
    public static IEnumerable<(RuleViolation Violation, Location Location)> Check(IReadOnlyList<ChainLink> links, bool outsideNetwork)
    {
        bool? gaussian = null;
        int? rank = null;
        int? scaleOut = null;
        string? scaleOutLayer = null;
        foreach (var link in links)
        {
            if (link.Rank.Layer is { } layer)
            {
                if (outsideNetwork && rank is int known && (link.Rank.RequiredRank > 0 && known != link.Rank.RequiredRank || known < link.Rank.MinimumRank))
                    yield return (RankViolation(layer, link.Rank, known), link.Location);
                rank = link.Rank.OutputRank > 0 ? link.Rank.OutputRank : null;
                // Conv and ConvLocal are random affine maps (Gaussian output; their width scalings are not read); pools are linear and keep both.
                if (layer is "Conv" or "ConvLocal")
                {
                    gaussian = true;
                    scaleOut = null;
                }
                else if (layer == "Flatten")
                {
                    gaussian = null;
                }
                continue;
            }
            else if (link.Node is not (DenseNode or ActivationNode or IdentityNode))
            {
                rank = null;
            }
            switch (link.Node)
            {
                case DenseNode dense:
                    if (dense.Standard && scaleOut is int previous && dense.WidthScaleIn != previous)
                        yield return (new RuleViolation(RuleIds.WidthScalingMismatch, "widthScaleIn",
                            $"{NodeNames.Of(dense)} has widthScaleIn {dense.WidthScaleIn}, but the layer before it ({scaleOutLayer}) widens its output by {previous}; under the standard parameterization each layer's widthScaleIn must equal the previous layer's widthScaleOut, or the network does not converge to the kernel as it widens."),
                            link.Location);
                    gaussian = true;
                    scaleOut = dense.Standard ? dense.WidthScaleOut : 1;
                    scaleOutLayer = NodeNames.Of(dense);
                    break;
                case ActivationNode activation:
                    string name = NodeNames.Of(activation);
                    if (outsideNetwork && gaussian == false)
                        yield return (LayerRules.Elementwise(name, new[] { new BranchSignature(new[] { -1, 1 }, false) }, forKernel: true).Violation!, link.Location);
                    gaussian = false;
                    break;
                case IdentityNode:
                    break;
                default:
                    gaussian = null;
                    scaleOut = null;
                    break;
            }
        }
    }

    private static RuleViolation RankViolation(string layer, RankEffect effect, int rank) => new(RuleIds.ShapeMismatch, "input",
        effect.RequiredRank > 0
            ? $"{layer} expects an input of rank {effect.RequiredRank} (batch, {effect.RequiredRank - 2} spatial axes, channels), but the layer before it gives rank {rank}."
            : $"{layer} pools spatial axes, so it expects an input of rank at least {effect.MinimumRank} (batch, spatial…, channels), but the layer before it gives rank {rank}.");
}
