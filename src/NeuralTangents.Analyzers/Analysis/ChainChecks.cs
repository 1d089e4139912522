using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using NeuralTangents.Architecture.Model;
using NeuralTangents.Architecture.Validation;
using NeuralTangents.Rules;

namespace NeuralTangents.Analyzers.Analysis;

/// <summary>One layer of a series as the analyzer sees it: its node (null when not constant or not modelled) and where it is written.</summary>
internal readonly struct ChainLink
{
    public ChainLink(LayerNode? node, Location location)
    {
        Node = node;
        Location = location;
    }

    /// <summary>The layer, or null when unknown at compile time.</summary>
    public LayerNode? Node { get; }

    /// <summary>Where the layer is written.</summary>
    public Location Location { get; }
}

/// <summary>
/// Rules between neighbouring layers of a series (a <c>Stax.Serial</c> argument list or an attribute stack) that
/// need no input shape: a closed-form nonlinearity right after another one (its input is then not Gaussian), and
/// standard-parameterization width scalings that do not chain. An unknown layer forgets what was known.
/// </summary>
internal static class ChainChecks
{
    /// <summary>The violations of the series, each with the layer it points at.</summary>
    public static IEnumerable<(RuleViolation Violation, Location Location)> Check(IReadOnlyList<ChainLink> links, bool gaussianInputs)
    {
        bool? gaussian = null;
        int? scaleOut = null;
        string? scaleOutLayer = null;
        foreach (var link in links)
        {
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
                    if (gaussianInputs && gaussian == false)
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
}
