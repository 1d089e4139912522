using System.Numerics;
using NeuralTangents.Layers.Masking;

namespace NeuralTangents;

/// <summary>
/// The position masks of the two sides of a kernel for a mask constant (Neural Tangents' <c>mask_constant</c>), as
/// the analytic kernels and the Monte Carlo estimates both build them. Each caller first checks that its inputs
/// have the spatial axes masks need.
/// </summary>
internal static class InputMaskPair
{
    /// <summary>
    /// The masks of x1 and x2 (x2's are x1's when <paramref name="x2"/> is null), with the inputs replaced by copies
    /// whose masked entries are zeroed (a NaN <paramref name="constant"/> marks NaN entries).
    /// </summary>
    public static (bool[] Mask1, bool[] Mask2) FromInputs<T>(ref Tensor<T> x1, ref Tensor<T>? x2, double constant)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var mask1 = PositionMasks.FromInputs(x1, constant, out var zeroed1);
        x1 = zeroed1;
        if (x2 is null) return (mask1, mask1);
        var mask2 = PositionMasks.FromInputs(x2, constant, out var zeroed2);
        x2 = zeroed2;
        return (mask1, mask2);
    }
}
