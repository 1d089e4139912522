using System.Numerics;

namespace NeuralTangents;

/// <summary>
/// The parameters of a finite network: a tree mirroring the layer tree. Each node holds its layer's own
/// tensors (Dense: W, then b when it has a bias) and its children's nodes (Serial, Parallel).
/// </summary>
public sealed class Parameters<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal static readonly Parameters<T> Empty = new("", Array.Empty<Tensor<T>>(), Array.Empty<Parameters<T>>());

    /// <summary>Creates a node.</summary>
    public Parameters(string layer, IReadOnlyList<Tensor<T>> tensors, IReadOnlyList<Parameters<T>> children)
    {
        Layer = layer;
        Tensors = tensors;
        Children = children;
    }

    /// <summary>The name of the layer these parameters belong to.</summary>
    public string Layer { get; }

    /// <summary>This layer's own tensors.</summary>
    public IReadOnlyList<Tensor<T>> Tensors { get; }

    /// <summary>The children's parameters, in layer order.</summary>
    public IReadOnlyList<Parameters<T>> Children { get; }

    /// <summary>
    /// The key of a layer that draws random values when applied (train-mode Dropout: its masks), set by that
    /// layer's Init; null for every other node. It is not a trainable tensor, so gradients never touch it.
    /// </summary>
    internal PrngKey? ApplyKey { get; init; }

    /// <summary>Every tensor in the tree, depth-first in layer order.</summary>
    public IEnumerable<Tensor<T>> Leaves()
    {
        foreach (var tensor in Tensors) yield return tensor;
        foreach (var child in Children)
            foreach (var tensor in child.Leaves()) yield return tensor;
    }

    /// <summary>The number of scalar parameters.</summary>
    public long Count => Leaves().Sum(t => (long)t.Length);

    /// <summary>A deep copy (for perturbing parameters without touching the originals).</summary>
    public Parameters<T> Clone() => new(Layer, Tensors.Select(t => t.Clone()).ToArray(), Children.Select(c => c.Clone()).ToArray()) { ApplyKey = ApplyKey };
}
