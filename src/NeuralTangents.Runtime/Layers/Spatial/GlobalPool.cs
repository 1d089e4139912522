using System.Numerics;
using NeuralTangents.Engine;
using NeuralTangents.Finite;
using NeuralTangents.Rules;

namespace NeuralTangents.Layers.Spatial;

/// <summary>
/// GlobalAvgPool or GlobalSumPool: every spatial axis reduced, (batch, spatial…, C) → (batch, C). The kernel is
/// c²·Σ over all position pairs of the full covariance, c = 1/S (average) or 1 (sum), so it needs the full form.
/// </summary>
internal sealed partial class GlobalPool : LayerBase
{
    public GlobalPool(bool average) => Average = average;

    public bool Average { get; }

    public override string Name => LayerNames.GlobalPool(Average);

    internal override RuleResult Rule(BranchSignature[] input, bool forKernel) => SpatialRules.GlobalPool(Name, input);

    internal override Tensor<T>[] Forward<T>(Parameters<T> parameters, Tensor<T>[] x, out object? residual)
    {
        residual = x[0].Shape;
        return new[] { Reduce(x[0]) };
    }

    internal override Tensor<T>[] Backward<T>(Parameters<T> parameters, object? residual, Tensor<T>[] cotangent, BackwardContext<T> context)
    {
        if (residual is MaskedPoolResidual masked) return new[] { BackwardMasked(masked, cotangent[0], context.Repeat) };
        var shape = (int[])((int[])residual!).Clone();
        int rows = cotangent[0].Dim(0), channels = shape[^1];
        shape[0] = rows;
        int positions = (int)(Shapes.FeatureSize(shape) / channels);
        var factor = T.CreateTruncating(ScaleFor(positions));
        var result = Tensor<T>.Zeros(shape);
        for (int r = 0; r < rows; r++)
        {
            var from = cotangent[0].Data.AsSpan(r * channels, channels);
            for (int p = 0; p < positions; p++)
                System.Numerics.Tensors.TensorPrimitives.Multiply<T>(from, factor, result.Data.AsSpan((r * positions + p) * channels, channels));
        }
        return new[] { result };
    }

    internal override Jet<T>[] ForwardJet<T>(Parameters<T> parameters, Parameters<T>? direction, Jet<T>[] x) =>
        new[] { x[0].MapLinear(Reduce) };

    internal override KernelTile<T>[] Propagate<T>(KernelTile<T>[] input, KernelEngine engine)
    {
        var tile = input[0];
        var output = Validation.Guard.Check(Rule(new[] { tile.Signature }, forKernel: true))[0];
        double scale = ScaleFor(tile.Layout.Size);
        tile = SpatialTiles.Apply(engine, tile, SpatialTiles.Whole(tile.Layout.Dims), SpatialLayout.None, independent: true, scale: scale * scale);
        tile.Signature = output;
        return new[] { tile };
    }

    internal override SpatialForm[] InputForms(BranchSignature[] input, SpatialForm[] output) => new[] { CovarianceDemand.OfPooling };

    private double ScaleFor(int positions) => Average ? 1.0 / positions : 1.0;

    private Tensor<T> Reduce<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int items = x.Dim(0), channels = x.Dim(-1);
        int positions = x.Length / Math.Max(1, items * channels);
        var factor = T.CreateTruncating(ScaleFor(positions));
        var y = Tensor<T>.Zeros(items, channels);
        for (int n = 0; n < items; n++)
        {
            var to = y.Data.AsSpan(n * channels, channels);
            for (int p = 0; p < positions; p++)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd<T>(x.Data.AsSpan((n * positions + p) * channels, channels), factor, to, to);
        }
        return y;
    }
}
