using System.Numerics;
using ILGPU;
using ILGPU.Runtime;
using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Layers.Masking;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Spatial;

/// <summary>
/// Global pooling of masked inputs: an item is masked only when all its positions are, and GlobalAvgPool takes the
/// mean over the unmasked positions only (Neural Tangents' mask-aware mean): y = Σ_{p unmasked} x(p) / n with n the
/// item's unmasked positions (at least 1), so the kernel is Σ_{p,p'} K(p, p') / (n_i·n_j) over unmasked pairs.
/// </summary>
internal sealed partial class GlobalPool
{
    internal override bool[][] MaskForward(bool[][] masks, BranchSignature[] input, BranchSignature[] output, int items) =>
        new[] { PositionMasks.All(masks[0], items) };

    internal override Tensor<T>[] ForwardMasked<T>(Parameters<T> parameters, Tensor<T>[] x, bool[][] masks, out object? residual, out bool[][] outputMasks)
    {
        int items = x[0].Dim(0);
        var zeroed = PositionMasks.Zeroed(x[0], masks[0]);
        var y = Forward(parameters, new[] { zeroed }, out _)[0];
        int positions = PositionMasks.Positions(x[0].Shape);
        var factors = Factors(masks[0], items, positions);
        // Forward averaged over all positions; rescale to the mean over the unmasked ones.
        for (int i = 0; i < items; i++)
            System.Numerics.Tensors.TensorPrimitives.Multiply<T>(y.Data.AsSpan(i * y.Dim(1), y.Dim(1)), T.CreateTruncating(factors[i] * (Average ? positions : 1)),
                y.Data.AsSpan(i * y.Dim(1), y.Dim(1)));
        outputMasks = MaskForward(masks, new[] { new BranchSignature(x[0].Shape, false) }, new[] { new BranchSignature(y.Shape, false) }, items);
        residual = new MaskedPoolResidual(x[0].Shape, masks[0], factors);
        return new[] { y };
    }

    internal override KernelTile<T>[] PropagateMasked<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        if (!Average) return Propagate(input, engine);
        var tile = input[0];
        int s = tile.Layout.Size;
        var rowFactors = Factors(tile.Mask1!, tile.Rows, s);
        var colFactors = Factors(tile.Mask2!, tile.Cols, s);
        var output = Validation.Guard.Check(Rule(new[] { tile.Signature }, forKernel: true))[0];
        // The sum over all pairs (masked entries are zero), then each side divided by its own count.
        tile = SpatialTiles.Apply(engine, tile, SpatialTiles.Whole(tile.Layout.Dims), SpatialLayout.None, independent: true, scale: 1);
        tile.Signature = output;
        Scale(tile.Nngp, rowFactors, colFactors);
        if (tile.Ntk is not null) Scale(tile.Ntk, rowFactors, colFactors);
        Scale(tile.Cov1, rowFactors, null);
        Scale(tile.Cov2, colFactors, null);
        return new[] { tile };
    }

    /// <summary>The backward pass of <see cref="ForwardMasked{T}"/>: each unmasked position receives ȳ times its item's factor.</summary>
    private Tensor<T> BackwardMasked<T>(MaskedPoolResidual residual, Tensor<T> cotangent, int repeat) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shape = (int[])residual.Shape.Clone();
        int rows = cotangent.Dim(0), channels = shape[^1];
        shape[0] = rows;
        int positions = PositionMasks.Positions(shape);
        var result = Tensor<T>.Zeros(shape);
        for (int r = 0; r < rows; r++)
        {
            int item = r / repeat;
            var factor = T.CreateTruncating(residual.Factors[item]);
            var from = cotangent.Data.AsSpan(r * channels, channels);
            for (int p = 0; p < positions; p++)
                if (!residual.Mask[item * positions + p])
                    System.Numerics.Tensors.TensorPrimitives.Multiply<T>(from, factor, result.Data.AsSpan((r * positions + p) * channels, channels));
        }
        return result;
    }

    /// <summary>1/n per item for the mask-aware mean (n = unmasked positions, at least 1), 1 for the sum.</summary>
    private double[] Factors(bool[] mask, int items, int positions) =>
        PositionMasks.Counts(mask, items).Select(n => Average ? 1.0 / Math.Max(n, 1) : 1.0).ToArray();

    private static void Scale<T>(MemoryBuffer1D<T, Stride1D.Dense> buffer, double[] first, double[]? second) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = second?.Length ?? 1;
        var values = new T[first.Length * cols];
        buffer.View.SubView(0, values.Length).CopyToCPU(values);
        for (int i = 0; i < first.Length; i++)
            for (int j = 0; j < cols; j++)
            {
                double factor = first[i] * (second is null ? first[i] : second[j]);
                values[i * cols + j] = T.CreateTruncating(double.CreateTruncating(values[i * cols + j]) * factor);
            }
        buffer.View.SubView(0, values.Length).CopyFromCPU(values);
    }

    /// <summary>What the masked backward pass needs: the input shape, its masks and the per-item factors.</summary>
    private sealed record MaskedPoolResidual(int[] Shape, bool[] Mask, double[] Factors);
}
