using System.Numerics;
using NeuralTangents.Layers;
using NeuralTangents.Layers.Combinators;
using NeuralTangents.Layers.Linear;
using NeuralTangents.Rules;
using NeuralTangents.Validation;

namespace NeuralTangents.Engine;

/// <summary>Validation of the inputs and the shape the network sees them in.</summary>
internal static partial class KernelComputation
{
    /// <summary>
    /// Checks x1 and x2 (rank, matching feature shapes, finite values, at least one item, squared norms within T) and returns the features
    /// per item of each and the input shape the network sees (batch axis -1): spatial axes kept, or flattened for a
    /// Flatten-first network.
    /// </summary>
    private static (int Features1, int Features2, int[] InputShape) ValidateInputs<T>(LayerBase network, Tensor<T> x1, Tensor<T>? x2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.MinRank(x1, 2, nameof(x1), "items × features");
        Guard.AllFinite(x1, nameof(x1));
        if (x2 is not null)
        {
            if (x2.Rank != x1.Rank)
                throw new ArgumentException($"x2 must have the rank of x1 ({x1.Rank}, shape {x1.ShapeText}), got shape {x2.ShapeText}.", nameof(x2));
            for (int axis = 1; axis < x1.Rank; axis++)
                if (x2.Dim(axis) != x1.Dim(axis))
                    throw new ArgumentException($"x2 must have the feature shape of x1: x1 has shape {x1.ShapeText}, x2 has shape {x2.ShapeText} (axis {axis} differs).", nameof(x2));
            Guard.AllFinite(x2, nameof(x2));
        }
        Guard.HasItems(x1, nameof(x1));
        if (x2 is not null) Guard.HasItems(x2, nameof(x2));

        int features = x1.RowLength;
        Guard.ThrowIfInvalid(LayerRules.KernelInput(nameof(x1), x1.Shape, StartsWithFlatten(network)));
        // The input covariance sums squares over an item's features (a position's channels when the axes are kept).
        int group = x1.Rank > 2 && !StartsWithFlatten(network) ? x1.Dim(-1) : features;
        Guard.SquaredNormsFit(x1, group, nameof(x1));
        if (x2 is not null) Guard.SquaredNormsFit(x2, group, nameof(x2));
        if (x1.Rank > 2 && !StartsWithFlatten(network))
        {
            // Spatial inputs keep their axes: (batch, spatial…, channels), channels last.
            var shape = x1.Shape;
            shape[0] = -1;
            return (x1.Dim(-1), x1.Dim(-1), shape);
        }
        // Flatten-first networks see the inputs as items × features (Neural Tangents' channel_axis = None).
        int[] inputShape = x1.Rank > 2 ? new[] { -1, features } : new[] { -1, x1.Dim(1) };
        return (features, features, inputShape);
    }

    /// <summary>Whether the network's first layer is Flatten (then spatial inputs are seen as items × features).</summary>
    private static bool StartsWithFlatten(LayerBase network) => network switch
    {
        Flatten => true,
        Serial serial => serial.Layers.Count > 0 && StartsWithFlatten(serial.Layers[0]),
        _ => false,
    };
}
