using System.Numerics;
using System.Numerics.Tensors;
using NeuralTangents.Validation;

namespace NeuralTangents.Engine;

/// <summary>The check that finite inputs gave a finite result, made once the result is complete.</summary>
internal static partial class KernelComputation
{
    /// <summary>
    /// Throws <see cref="OverflowException"/> when an entry of the result is NaN or infinite. The inputs were checked
    /// finite with representable squared norms, so such an entry means a value inside the network left the range of
    /// <typeparamref name="T"/> (an infinity, then NaN from ∞ − ∞ or 0·∞ in a later layer). One vectorized read of each
    /// array, small next to computing it.
    /// </summary>
    private static void CheckResultFinite<T>(Kernel<T> kernel) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckFinite(kernel.Nngp, "nngp");
        CheckFinite(kernel.Ntk, "ntk");
        CheckFinite(kernel.Cov1, "cov1");
        CheckFinite(kernel.Cov2, "cov2");
    }

    private static void CheckFinite<T>(Tensor<T>? values, string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (values is null || TensorPrimitives.IsFiniteAll<T>(values.Data)) return;
        int index = Array.FindIndex(values.Data, value => !T.IsFinite(value));
        throw new OverflowException(
            $"The {name} result of shape {values.ShapeText} has the entry {values.Data[index]} at {Position(values.Shape, index)} although the inputs are finite: " +
            $"a value inside the network would overflow {OverflowAdvice.Range<T>()}. {OverflowAdvice.Remedy<T>("the inputs")}");
    }

    /// <summary>The multi-index of flat <paramref name="index"/>, as "[i, j, …]".</summary>
    private static string Position(int[] shape, int index)
    {
        var position = new int[shape.Length];
        for (int axis = shape.Length - 1; axis >= 0; axis--)
        {
            position[axis] = index % shape[axis];
            index /= shape[axis];
        }
        return $"[{string.Join(", ", position)}]";
    }
}
