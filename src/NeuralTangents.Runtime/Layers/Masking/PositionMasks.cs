using System.Numerics;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Masking;

/// <summary>
/// Masks of variable-length inputs (Neural Tangents' <c>mask_constant</c>): one flag per item and position of an
/// activation (batch, spatial…, channels), item-major ([item · S + p]); a masked position is absent. Channels are
/// collapsed: a position of the inputs is masked when all its channels equal the mask constant (Neural Tangents
/// collapses them the same way in the first Dense or Conv layer).
/// </summary>
internal static class PositionMasks
{
    /// <summary>Positions of an activation shape (batch, spatial…, channels).</summary>
    public static int Positions(int[] shape) => (int)CovarianceDemand.Positions(shape);

    /// <summary>
    /// The masks of <paramref name="x"/> for <paramref name="constant"/> (NaN marks NaN entries), and a copy of
    /// <paramref name="x"/> with every entry equal to the constant set to 0.
    /// </summary>
    public static bool[] FromInputs<T>(Tensor<T> x, double constant, out Tensor<T> zeroed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int items = x.Dim(0), channels = x.Dim(-1), s = Positions(x.Shape);
        var mask = new bool[items * s];
        zeroed = new Tensor<T>((T[])x.Data.Clone(), x.Shape);
        for (int e = 0; e < mask.Length; e++)
        {
            bool all = true;
            for (int c = 0; c < channels; c++)
            {
                double value = double.CreateTruncating(x.Data[e * channels + c]);
                bool masked = double.IsNaN(constant) ? double.IsNaN(value) : value == constant;
                if (masked) zeroed.Data[e * channels + c] = T.Zero;
                else all = false;
            }
            mask[e] = all;
        }
        return mask;
    }

    /// <summary>A copy of <paramref name="x"/> with the masked positions of row r (item r / <paramref name="repeat"/>) set to 0.</summary>
    public static Tensor<T> Zeroed<T>(Tensor<T> x, bool[] mask, int repeat = 1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new Tensor<T>((T[])x.Data.Clone(), x.Shape);
        int rows = x.Dim(0), s = Positions(x.Shape), channels = x.Length / Math.Max(1, rows * s);
        for (int r = 0; r < rows; r++)
            for (int p = 0; p < s; p++)
                if (mask[r / repeat * s + p]) result.Data.AsSpan((r * s + p) * channels, channels).Clear();
        return result;
    }

    /// <summary>Per item: masked when every position is (global pooling, Flatten).</summary>
    public static bool[] All(bool[] mask, int items)
    {
        int s = mask.Length / Math.Max(1, items);
        var result = new bool[items];
        for (int i = 0; i < items; i++)
        {
            bool all = true;
            for (int p = 0; p < s && all; p++) all = mask[i * s + p];
            result[i] = all;
        }
        return result;
    }

    /// <summary>The unmasked positions of each item.</summary>
    public static int[] Counts(bool[] mask, int items)
    {
        int s = mask.Length / Math.Max(1, items);
        var result = new int[items];
        for (int i = 0; i < items; i++)
            for (int p = 0; p < s; p++)
                if (!mask[i * s + p]) result[i]++;
        return result;
    }

    /// <summary>Masked only where every branch is (FanInSum, FanInConcat along channels).</summary>
    public static bool[] And(bool[][] masks)
    {
        var result = (bool[])masks[0].Clone();
        foreach (var other in masks.Skip(1))
        {
            if (other.Length != result.Length)
                throw new InvalidOperationException("Branches joined with masks must have the same positions.");
            for (int e = 0; e < result.Length; e++) result[e] &= other[e];
        }
        return result;
    }

    /// <summary>
    /// The masks after a sliding window (Conv, ConvLocal, pooling), as Neural Tangents samples them: unchanged when the
    /// spatial shape is kept, else output position o takes the mask of input position o·stride + (window − 1)/2 − pad
    /// on every axis (the window's centre; CIRCULAR samples like SAME).
    /// </summary>
    public static bool[] Window(bool[] mask, int items, int[] inDims, int[] outDims, int[] window, int[] strides, SpatialPadding padding)
    {
        if (inDims.SequenceEqual(outDims)) return (bool[])mask.Clone();
        int sIn = inDims.Aggregate(1, (a, b) => a * b), sOut = outDims.Aggregate(1, (a, b) => a * b);
        var start = new int[inDims.Length];
        for (int a = 0; a < inDims.Length; a++)
            start[a] = (window[a] - 1) / 2 - SpatialRules.PadBefore(inDims[a], window[a], strides[a], padding == SpatialPadding.Circular ? SpatialPadding.Same : padding);
        var result = new bool[items * sOut];
        var index = new int[outDims.Length];
        for (int o = 0; o < sOut; o++)
        {
            int rest = o, source = 0;
            for (int a = outDims.Length - 1; a >= 0; a--)
            {
                index[a] = rest % outDims[a];
                rest /= outDims[a];
            }
            for (int a = 0; a < outDims.Length; a++)
                source = source * inDims[a] + Math.Clamp(start[a] + index[a] * strides[a], 0, inDims[a] - 1);
            for (int i = 0; i < items; i++) result[i * sOut + o] = mask[i * sIn + source];
        }
        return result;
    }
}
