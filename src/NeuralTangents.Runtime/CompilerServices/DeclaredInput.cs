using System.ComponentModel;
using System.Numerics;
using NeuralTangents.Rules;

namespace NeuralTangents.CompilerServices;

/// <summary>
/// The check of a generated <c>[Network]</c> member's input against the class's declared <c>InputShape</c>: the
/// generated <c>Apply</c> and <c>KernelFn</c> both call it, so a wrong input reads the same in both. Called by
/// generated code; not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DeclaredInput
{
    /// <summary>
    /// Returns <paramref name="x"/> when it is a batch of items of <paramref name="inputShape"/> (items first);
    /// otherwise throws.
    /// </summary>
    /// <param name="x">The input batch.</param>
    /// <param name="inputShape">The declared shape of one item (no batch axis).</param>
    /// <param name="network">The model class, for the message.</param>
    /// <param name="parameter">The parameter name of <paramref name="x"/> in the generated member.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException">The items of <paramref name="x"/> do not have the declared shape.</exception>
    public static Tensor<T> Check<T>(Tensor<T> x, int[] inputShape, string network, string parameter) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x, parameter);
        ArgumentNullException.ThrowIfNull(inputShape);
        var shape = x.Shape;
        if (shape.Length == inputShape.Length + 1 && shape.AsSpan(1).SequenceEqual(inputShape)) return x;
        var expected = new int[inputShape.Length + 1];
        expected[0] = -1;
        inputShape.CopyTo(expected, 1);
        throw new ArgumentException(
            $"{network} declares InputShape {Shapes.Format(inputShape)}, so every input must have shape {Shapes.Format(expected)} (items first), got {x.ShapeText}.", parameter);
    }
}
