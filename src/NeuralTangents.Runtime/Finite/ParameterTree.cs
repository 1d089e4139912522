using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralTangents.Finite;

/// <summary>Arithmetic over parameter trees of identical structure (leaf by leaf, in <see cref="Parameters{T}.Leaves"/> order).</summary>
internal static class ParameterTree
{
    /// <summary>A tree of zeros shaped like <paramref name="like"/>.</summary>
    public static Parameters<T> ZerosLike<T>(Parameters<T> like) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(like.Layer, like.Tensors.Select(t => Tensor<T>.Zeros(t.Shape)).ToArray(), like.Children.Select(ZerosLike).ToArray());

    /// <summary>a − b.</summary>
    public static Parameters<T> Subtract<T>(Parameters<T> a, Parameters<T> b) where T : unmanaged, IFloatingPointIeee754<T> =>
        Zip(a, b, (x, y, result) => TensorPrimitives.Subtract<T>(x, y, result));

    /// <summary>a + scale·b.</summary>
    public static Parameters<T> AddScaled<T>(Parameters<T> a, Parameters<T> b, double scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var factor = T.CreateTruncating(scale);
        return Zip(a, b, (x, y, result) => TensorPrimitives.MultiplyAdd<T>(y, factor, x, result));
    }

    /// <summary>Σ over every leaf of a ⊙ b, accumulated in double.</summary>
    public static double Dot<T>(Parameters<T> a, Parameters<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (var (x, y) in a.Leaves().Zip(b.Leaves()))
            for (int i = 0; i < x.Length; i++) sum += double.CreateTruncating(x.Data[i]) * double.CreateTruncating(y.Data[i]);
        return sum;
    }

    /// <summary>Every leaf, concatenated into one vector (the column order of Jacobians).</summary>
    public static T[] Flatten<T>(Parameters<T> tree) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var vector = new T[tree.Count];
        int offset = 0;
        foreach (var leaf in tree.Leaves())
        {
            leaf.Data.CopyTo(vector, offset);
            offset += leaf.Length;
        }
        return vector;
    }

    /// <summary>The inverse of <see cref="Flatten{T}"/>: a tree shaped like <paramref name="like"/> holding <paramref name="vector"/>.</summary>
    public static Parameters<T> Unflatten<T>(ReadOnlySpan<T> vector, Parameters<T> like) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = ZerosLike(like);
        int offset = 0;
        foreach (var leaf in result.Leaves())
        {
            vector.Slice(offset, leaf.Length).CopyTo(leaf.Data);
            offset += leaf.Length;
        }
        return result;
    }

    /// <summary>Throws unless <paramref name="tree"/> has the structure and leaf shapes of <paramref name="reference"/>.</summary>
    public static void CheckSameStructure<T>(Parameters<T> reference, Parameters<T> tree, string argument, string referenceName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tree, argument);
        Check(reference, tree, argument, referenceName, "root");
    }

    private static void Check<T>(Parameters<T> reference, Parameters<T> tree, string argument, string referenceName, string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (reference.Tensors.Count != tree.Tensors.Count || reference.Children.Count != tree.Children.Count)
            throw new ArgumentException(
                $"{argument} does not have the structure of {referenceName}: at {path} ({reference.Layer}) {referenceName} has {reference.Tensors.Count} tensors and {reference.Children.Count} children, {argument} has {tree.Tensors.Count} and {tree.Children.Count}.",
                argument);
        for (int i = 0; i < reference.Tensors.Count; i++)
            if (!reference.Tensors[i].Shape.AsSpan().SequenceEqual(tree.Tensors[i].Shape))
                throw new ArgumentException(
                    $"{argument} does not match {referenceName}: tensor {i} at {path} ({reference.Layer}) has shape {tree.Tensors[i].ShapeText}, expected {reference.Tensors[i].ShapeText}.",
                    argument);
        for (int c = 0; c < reference.Children.Count; c++) Check(reference.Children[c], tree.Children[c], argument, referenceName, $"{path}/{c}");
    }

    private static Parameters<T> Zip<T>(Parameters<T> a, Parameters<T> b, SpanOperation<T> operation) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensors = new Tensor<T>[a.Tensors.Count];
        for (int i = 0; i < tensors.Length; i++)
        {
            tensors[i] = Tensor<T>.Zeros(a.Tensors[i].Shape);
            operation(a.Tensors[i].Data, b.Tensors[i].Data, tensors[i].Data);
        }
        var children = new Parameters<T>[a.Children.Count];
        for (int c = 0; c < children.Length; c++) children[c] = Zip(a.Children[c], b.Children[c], operation);
        return new Parameters<T>(a.Layer, tensors, children) { ApplyKey = a.ApplyKey };
    }

    private delegate void SpanOperation<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> result);
}
